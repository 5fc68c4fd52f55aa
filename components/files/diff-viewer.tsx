"use client";

import * as React from "react";
import { FileDiff, FileMinus, FilePlus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { cn } from "@/lib/utils";
import { parseDiff, type DiffFile } from "./parse-diff";

const LINE_CAP = 3000;

const LINE_CLASS = {
  add: "bg-success/12 text-foreground",
  del: "bg-destructive/10 text-foreground",
  ctx: "",
  hunk: "bg-info/8 text-info",
  meta: "text-muted-foreground italic",
} as const;
const SIGN = { add: "+", del: "-", ctx: " ", hunk: "", meta: "" } as const;

/** A commit's unified diff: one section per file, added lines green, removed lines red. */
export function DiffViewer({ diff, className }: { diff: string; className?: string }) {
  const files = React.useMemo(() => parseDiff(diff), [diff]);
  if (files.length === 0) {
    return <EmptyState icon={FileDiff} title="No changes" description="This commit changed no files." data-testid="diff-viewer" className={className} />;
  }
  const additions = files.reduce((n, f) => n + f.additions, 0);
  const deletions = files.reduce((n, f) => n + f.deletions, 0);
  return (
    <div data-testid="diff-viewer" className={cn("grid gap-3", className)}>
      <p className="text-xs text-muted-foreground">
        {files.length} {files.length === 1 ? "file" : "files"} changed ·{" "}
        <span className="text-success">+{additions}</span> <span className="text-destructive">−{deletions}</span>
      </p>
      {files.map((f) => (
        <DiffFileSection key={f.path} file={f} />
      ))}
    </div>
  );
}

function DiffFileSection({ file }: { file: DiffFile }) {
  const [showAll, setShowAll] = React.useState(false);
  const lines = showAll ? file.lines : file.lines.slice(0, LINE_CAP);
  const Icon = file.status === "added" ? FilePlus : file.status === "deleted" ? FileMinus : FileDiff;
  return (
    <section className="overflow-hidden rounded-lg border" data-testid="diff-file" data-path={file.path}>
      <header className="flex items-center gap-2 border-b bg-muted/50 px-3 py-1.5 text-xs">
        <Icon className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />
        <span className="min-w-0 truncate font-mono font-medium">{file.path}</span>
        {file.status !== "modified" && <span className="text-muted-foreground">({file.status})</span>}
        <span className="ml-auto shrink-0 font-mono tabular-nums">
          <span className="text-success">+{file.additions}</span> <span className="text-destructive">−{file.deletions}</span>
        </span>
      </header>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse font-mono text-xs leading-5">
          <tbody>
            {lines.map((l, i) => (
              <tr key={i} className={LINE_CLASS[l.kind]} data-kind={l.kind}>
                <td className="w-10 border-r px-2 text-right text-muted-foreground/70 select-none tabular-nums">{l.oldNo ?? ""}</td>
                <td className="w-10 border-r px-2 text-right text-muted-foreground/70 select-none tabular-nums">{l.newNo ?? ""}</td>
                <td className="px-2 whitespace-pre">
                  <span
                    aria-hidden
                    className={cn("inline-block w-3 select-none", l.kind === "add" && "text-success", l.kind === "del" && "text-destructive")}
                  >
                    {SIGN[l.kind]}
                  </span>
                  {l.text}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!showAll && file.lines.length > LINE_CAP && (
        <div className="border-t px-3 py-2 text-xs text-muted-foreground">
          Showing {LINE_CAP} of {file.lines.length} lines.{" "}
          <Button variant="link" size="sm" className="h-auto p-0 text-xs" onClick={() => setShowAll(true)}>
            Show all
          </Button>
        </div>
      )}
    </section>
  );
}
