"use client";

import * as React from "react";
import { Popover } from "radix-ui";
import { FileSearch, Route } from "lucide-react";
import { formatMs } from "@/lib/format";
import { cn } from "@/lib/utils";
import { formatTokens, formatUsd } from "@/components/projects/format-usage";
import { TraceDialog } from "@/components/trace/trace-dialog";
import type { StepUsage } from "./build-timeline";
import type { StepRouting } from "./step-routing";
import { stepTiming } from "@/lib/step-timing";

/** `toolMs`: the run time of the tool this step called; the step's duration includes it. */
export function UsageMeta({ step, usage, className, projectId, toolMs }: { step?: number; usage?: StepUsage; className?: string; projectId?: string; toolMs?: number }) {
  if (!step && !usage) return null;
  const timing = stepTiming(usage?.latencyMs, toolMs);
  const timingTitle = timing?.toolMs ? `${formatMs(timing.totalMs)}: model ${formatMs(timing.modelMs)} + tool ${formatMs(timing.toolMs)}` : undefined;
  const parts = [
    step ? `Step ${step}` : null,
    usage ? `${formatTokens(usage.tokensIn + usage.tokensOut)} tokens` : null,
    usage ? formatUsd(usage.costUsd) : null,
    timing ? formatMs(timing.totalMs) : null,
  ].filter(Boolean);
  return (
    <span className={cn("inline-flex shrink-0 items-center gap-1.5 text-[11px] text-muted-foreground tabular-nums", className)}>
      <span title={[usage && `${usage.model}: ${usage.tokensIn} in, ${usage.tokensOut} out`, timingTitle].filter(Boolean).join(" · ") || undefined} data-testid="step-usage">
        {parts.join(" · ")}
      </span>
      {usage?.routing && <WhyThisModel routing={usage.routing} />}
      {usage?.llmCallId && projectId && <ViewTrace projectId={projectId} callId={usage.llmCallId} />}
    </span>
  );
}

/** The step's model call as it was sent and answered (inside a step's summary, so clicks stay here). */
function ViewTrace({ projectId, callId }: { projectId: string; callId: string }) {
  const [open, setOpen] = React.useState(false);
  const stop = (e: React.SyntheticEvent) => e.stopPropagation();
  return (
    <span onClick={stop} onKeyDown={stop} className="inline-flex">
      <button
        type="button"
        className="inline-flex items-center gap-0.5 rounded px-1 outline-none hover:bg-accent hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring"
        aria-label="View the model call's trace"
        title="View trace: the prompt as sent and the answer"
        data-testid="view-trace"
        onClick={() => setOpen(true)}
      >
        <FileSearch className="size-3" aria-hidden />
        trace
      </button>
      <TraceDialog source={{ projectId }} callId={callId} open={open} onOpenChange={setOpen} />
    </span>
  );
}

const STATUS: Record<string, string> = { ok: "answered", error: "failed", "skipped-breaker": "skipped (paused after repeated failures)" };

/** The routing decision behind a step's model call, one click away (inside a step's summary, so clicks stay here). */
function WhyThisModel({ routing }: { routing: StepRouting }) {
  const retried = routing.attempts.length > 1;
  const stop = (e: React.SyntheticEvent) => e.stopPropagation();
  return (
    <Popover.Root>
      <Popover.Trigger
        className={cn(
          "inline-flex items-center gap-0.5 rounded px-1 outline-none hover:bg-accent hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring",
          retried && "text-warning-foreground dark:text-warning",
        )}
        aria-label="Why this model"
        data-testid="why-this-model"
        onClick={stop}
        onKeyDown={stop}
      >
        <Route className="size-3" aria-hidden />
        {routing.cacheHit ? "cached" : retried ? `${routing.attempts.length} attempts` : routing.tier}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="end"
          sideOffset={6}
          className="z-50 grid w-80 max-w-[90vw] gap-2 rounded-lg border bg-popover p-3 text-xs text-popover-foreground shadow-md"
          data-testid="why-this-model-details"
          onClick={stop}
        >
          <p className="font-medium">
            Why {routing.chosen || "this model"}
            <span className="font-normal text-muted-foreground">
              {" "}
              · {routing.tier} tier · complexity {routing.complexity}
            </span>
          </p>
          {routing.cacheHit && <p className="text-success">Answered from the response cache: same request, nothing paid.</p>}
          {routing.reasons.length > 0 && (
            <ul className="grid list-disc gap-0.5 pl-4 text-muted-foreground">
              {routing.reasons.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          )}
          {routing.candidates.length > 1 && (
            <p className="text-muted-foreground">
              Candidates, in order: <span className="font-mono">{routing.candidates.join(" → ")}</span>
            </p>
          )}
          {routing.attempts.length > 0 && (
            <ol className="grid list-decimal gap-0.5 pl-4" data-testid="why-this-model-attempts">
              {routing.attempts.map((a, i) => (
                <li key={i} className={a.status === "ok" ? undefined : "text-muted-foreground"}>
                  <span className="font-mono">{a.model}</span> {STATUS[a.status] ?? a.status}
                  {a.latencyMs ? ` in ${formatMs(a.latencyMs)}` : ""}
                  {a.error ? <span className="block break-words">{a.error}</span> : null}
                </li>
              ))}
            </ol>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
