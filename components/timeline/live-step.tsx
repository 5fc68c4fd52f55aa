"use client";

import * as React from "react";
import { Bot, Wrench } from "lucide-react";
import { readPartialObject } from "@/lib/partial-json";
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
        <LiveTool key={t.toolCallId} toolName={t.toolName} input={t.input} />
      ))}
    </li>
  );
}

/**
 * A tool call being written: its short arguments on one line (a path, a command) and the long one (a
 * file's content) as text growing in place, read from the partial JSON; raw text until it parses.
 */
function LiveTool({ toolName, input }: { toolName: string; input: string }) {
  const { fields, open } = readPartialObject(input);
  const strings = Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === "string");
  const body = open ?? strings.reduce<string | null>((best, [k, v]) => (v.length > 80 && (!best || v.length > String(fields[best]).length) ? k : best), null);
  const short = Object.entries(fields).filter(([k, v]) => k !== body && v !== null && String(v).length <= 200);
  const text = body ? String(fields[body]) : Object.keys(fields).length ? "" : input;
  // The newest lines are the interesting ones: keep the growing text scrolled to its end.
  const pre = React.useRef<HTMLPreElement>(null);
  React.useLayoutEffect(() => {
    if (pre.current) pre.current.scrollTop = pre.current.scrollHeight;
  }, [text]);
  return (
    <div className="rounded-lg border border-dashed bg-card px-2.5 py-1.5" data-testid="live-tool" data-tool={toolName}>
      <div className="flex min-w-0 items-center gap-2 text-sm">
        <Wrench className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />
        <span className="shrink-0 font-mono text-xs font-medium">{toolName}</span>
        <span className="min-w-0 flex-1 truncate font-mono text-xs text-muted-foreground">
          {short.length ? short.map(([k, v]) => `${k}: ${String(v)}`).join(" · ") : "writing the call…"}
        </span>
      </div>
      {text && (
        <pre ref={pre} className="mt-1.5 max-h-48 overflow-auto rounded-md border bg-muted/50 p-2 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words">
          {text.length > SHOWN_INPUT_CHARS ? `…${text.slice(-SHOWN_INPUT_CHARS)}` : text}
        </pre>
      )}
    </div>
  );
}
