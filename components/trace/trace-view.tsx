"use client";

import { ArrowLeft } from "lucide-react";
import { formatDateTime, formatMs } from "@/lib/format";
import { MAX_ANSWER_CHARS, MAX_PROMPT_CHARS, MAX_STRING_CHARS } from "@/lib/trace-limits";
import { formatTokens, formatUsd } from "@/components/projects/format-usage";
import { routingOf } from "@/components/timeline/step-routing";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { TraceAnswer } from "./trace-answer";
import { JsonBlock, Section } from "./trace-blocks";
import { TraceMessages } from "./trace-messages";
import type { CallTrace } from "./types";

const n = (v: number) => v.toLocaleString("en-US");

/** Everything recorded about one model call: usage, why this model, repairs, the prompt and the answer. */
export function TraceView({ data, onOpenCall, backTo }: { data: CallTrace; onOpenCall?: (callId: string) => void; backTo?: () => void }) {
  const { call, trace } = data;
  const routing = routingOf({ routing: call.routing, cacheHit: call.cacheHit });
  const prompt = trace?.prompt as { system?: string; messages?: unknown[]; tools?: Record<string, { description: string; parameters: unknown }> | null; omittedMessages?: number; note?: string; preview?: string } | undefined;
  const repairs = Array.isArray(trace?.repairs) ? (trace.repairs as string[]) : [];
  return (
    <div className="grid min-w-0 gap-5 text-sm" data-testid="trace-view">
      {backTo && (
        <Button variant="outline" size="sm" className="w-fit" onClick={backTo}>
          <ArrowLeft />
          Back to the last attempt
        </Button>
      )}
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-4" data-testid="trace-summary">
        <Item label="Model">
          <span className="font-mono text-xs break-all">
            {call.provider}:{call.model}
          </span>
        </Item>
        <Item label="Outcome">
          <span className="inline-flex flex-wrap gap-1">
            {call.status === "ok" ? <Badge variant="success">OK</Badge> : <Badge variant="destructive">Failed</Badge>}
            {call.cacheHit && <Badge variant="info">Cache hit</Badge>}
            {call.attempt > 1 && <Badge variant="secondary">Attempt {call.attempt}</Badge>}
          </span>
        </Item>
        <Item label="Tokens in / out / cached">
          <span className="tabular-nums">
            {formatTokens(call.tokensIn)} / {formatTokens(call.tokensOut)} / {formatTokens(call.tokensCached)}
          </span>
        </Item>
        <Item label="Cost · latency">
          <span className="tabular-nums" title={`$${call.costUsd}`}>
            {formatUsd(Number(call.costUsd))} · {formatMs(call.latencyMs)}
          </span>
        </Item>
        <Item label="When">{formatDateTime(call.createdAt)}</Item>
        <Item label="Purpose">{call.purpose}</Item>
        <Item label="Task">{call.taskTitle ?? <span className="text-muted-foreground">None</span>}</Item>
        <Item label="Agent">{call.agentRole ?? <span className="text-muted-foreground">None</span>}</Item>
      </dl>
      {call.error && <FormAlert>{call.error}</FormAlert>}

      {routing && (
        <Section title="Why this model" testId="trace-routing">
          <p className="text-muted-foreground">
            {routing.tier} tier · complexity {routing.complexity}
            {routing.candidates.length > 0 && (
              <>
                {" "}
                · candidates <span className="font-mono text-xs break-all">{routing.candidates.join(" → ")}</span>
              </>
            )}
          </p>
          {routing.reasons.length > 0 && (
            <ul className="list-disc pl-5 text-muted-foreground">
              {routing.reasons.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          )}
          {routing.attempts.length > 1 && (
            <ol className="list-decimal pl-5">
              {routing.attempts.map((a, i) => (
                <li key={i} className="break-words">
                  <span className="font-mono text-xs">{a.model}</span> {a.status === "ok" ? "answered" : a.status}
                  {a.latencyMs ? ` in ${formatMs(a.latencyMs)}` : ""}
                  {a.error && <span className="block text-muted-foreground">{a.error}</span>}
                  {a.llmCallId && a.llmCallId !== call.id && onOpenCall && (
                    <button type="button" className="text-xs text-primary underline-offset-2 hover:underline" onClick={() => onOpenCall(a.llmCallId!)} data-testid="trace-attempt-link">
                      {" "}
                      open this attempt&apos;s trace
                    </button>
                  )}
                </li>
              ))}
            </ol>
          )}
        </Section>
      )}

      {repairs.length > 0 && (
        <Section title="Repairs" testId="trace-repairs">
          <ul className="list-disc pl-5">
            {repairs.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </Section>
      )}

      {!trace || !prompt ? (
        <p className="rounded-md border border-dashed p-4 text-muted-foreground" data-testid="trace-missing">
          No prompt was kept for this call: it was recorded before AIOS stored model traces.
        </p>
      ) : (
        <>
          {trace.truncated && (
            <p className="rounded-md bg-muted px-3 py-2 text-xs text-muted-foreground" data-testid="trace-truncated">
              Part of this call was too big to keep whole: traces store each text up to {n(MAX_STRING_CHARS)} characters, a prompt up to {n(MAX_PROMPT_CHARS)} and an answer up to{" "}
              {n(MAX_ANSWER_CHARS)}. The prompt was {n(trace.promptChars)} characters, the answer {n(trace.answerChars)}.
            </p>
          )}
          {prompt.preview !== undefined ? (
            <Section title="Prompt" testId="trace-prompt">
              <p className="text-muted-foreground">{prompt.note}</p>
              <JsonBlock value={prompt.preview} />
            </Section>
          ) : (
            <>
              <Section title="System" testId="trace-system">
                <pre className="max-h-72 overflow-auto rounded-md bg-muted p-3 font-mono text-xs break-words whitespace-pre-wrap">{prompt.system}</pre>
              </Section>
              <Section title={`Messages (${n(prompt.messages?.length ?? 0)})`} testId="trace-messages">
                {prompt.omittedMessages ? <p className="text-xs text-muted-foreground">{n(prompt.omittedMessages)} messages in the middle were too many to keep and are left out.</p> : null}
                <TraceMessages messages={prompt.messages ?? []} />
              </Section>
              {prompt.tools && Object.keys(prompt.tools).length > 0 && (
                <Section title={`Tools offered (${Object.keys(prompt.tools).length})`} testId="trace-tools">
                  <div className="grid gap-1">
                    {Object.entries(prompt.tools).map(([name, t]) => (
                      <details key={name} className="rounded-md border px-3 py-1.5">
                        <summary className="cursor-pointer font-mono text-xs">
                          {name} <span className="font-sans text-muted-foreground">— {t.description}</span>
                        </summary>
                        <JsonBlock value={t.parameters} />
                      </details>
                    ))}
                  </div>
                </Section>
              )}
            </>
          )}
          <TraceAnswer answer={trace.answer} failed={call.status !== "ok"} />
        </>
      )}
    </div>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="truncate">{children}</dd>
    </div>
  );
}
