"use client";

import { Bot, Wrench } from "lucide-react";
import { Spinner } from "@/components/ui/spinner";
import type { LiveStepState } from "./use-live-step";

const SHOWN_INPUT_CHARS = 4000;

/** What an agent is writing in the step it has not finished: its text and tool inputs as they grow. */
export function LiveStep({ live }: { live: LiveStepState }) {
  const text = (live.partialStart ? "… " : "") + live.text;
  return (
    <li data-testid="live-step" data-step={live.step} className="grid min-w-0 gap-2 animate-in" aria-busy="true">
      {(live.text || live.tools.length === 0) && (
        <div className="flex gap-2.5">
          <Bot className="mt-0.5 size-4 shrink-0 text-primary" aria-hidden />
          <div className="grid min-w-0 flex-1 gap-1">
            <div className="flex items-center gap-2 text-xs text-muted-foreground">
              <Spinner className="size-3" label="Writing" />
              <span>Step {live.step} · writing…</span>
            </div>
            {live.text && (
              <p className="text-sm leading-relaxed whitespace-pre-wrap [overflow-wrap:anywhere]" data-testid="live-step-text">
                {text}
                <span className="ml-0.5 inline-block h-3.5 w-1.5 animate-pulse bg-primary/60 align-middle" aria-hidden />
              </p>
            )}
          </div>
        </div>
      )}
      {live.tools.map((t) => (
        <div key={t.toolCallId} className="rounded-lg border border-dashed bg-card px-2.5 py-1.5" data-testid="live-tool" data-tool={t.toolName}>
          <div className="flex items-center gap-2 text-sm">
            <Wrench className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />
            <span className="font-mono text-xs font-medium">{t.toolName}</span>
            <span className="text-xs text-muted-foreground">writing the call…</span>
          </div>
          {t.input && (
            <pre className="mt-1.5 max-h-48 overflow-auto rounded-md border bg-muted/50 p-2 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words">
              {t.input.length > SHOWN_INPUT_CHARS ? `…${t.input.slice(-SHOWN_INPUT_CHARS)}` : t.input}
            </pre>
          )}
        </div>
      ))}
    </li>
  );
}
