"use client";

import { TriangleAlert } from "lucide-react";
import { CopyButton } from "@/components/ui/copy-button";

/** A just-issued secret: shown once, with a copy button and how to use it. */
export function SecretReveal({ secret, orgId }: { secret: string; orgId: string }) {
  // Rendered only after a create or rotate in the browser, never on the server.
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const input = encodeURIComponent(JSON.stringify({ json: { orgId } }));
  const curl = `curl -H "Authorization: Bearer ${secret}" \\\n  "${origin}/api/trpc/projects.list?input=${input}"`;
  return (
    <div className="grid min-w-0 gap-3">
      <div className="flex items-center gap-2 rounded-lg border bg-muted/50 p-2 pl-3">
        <code data-testid="api-key-secret" className="min-w-0 flex-1 font-mono text-xs break-all select-all">
          {secret}
        </code>
        <CopyButton value={secret} label="Copy key" data-testid="api-key-copy" />
      </div>
      <p role="note" className="flex gap-2 rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-xs text-foreground">
        <TriangleAlert className="mt-px size-3.5 shrink-0 text-warning-foreground dark:text-warning" aria-hidden />
        <span>
          <strong className="font-semibold">You won&apos;t see this key again.</strong> Copy it now and keep it somewhere safe:
          AIOS stores only a fingerprint of it. If you lose it, rotate the key to get a new one.
        </span>
      </p>
      <div className="grid min-w-0 gap-1.5">
        <div className="flex items-center justify-between gap-2">
          <span className="text-sm font-medium">Try it</span>
          <CopyButton value={curl} label="Copy command" variant="ghost" data-testid="api-key-copy-curl" />
        </div>
        <pre className="overflow-x-auto rounded-lg border bg-muted/50 p-3 font-mono text-[11px] leading-relaxed" data-testid="api-key-snippet">
          {curl}
        </pre>
        <p className="text-xs text-muted-foreground">
          The key works on every API the app uses: tRPC, <code className="font-mono">/api/chat</code>, project downloads, and live
          updates (Socket.IO <code className="font-mono">auth: {"{ token }"}</code>). It acts as you, limited to its scopes.
        </p>
      </div>
    </div>
  );
}
