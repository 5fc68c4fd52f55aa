import type { LiveEvent } from "@/lib/events";
import { routingOf, type StepRouting } from "./step-routing";

export type StepUsage = {
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  latencyMs: number;
  model: string;
  status: string;
  error?: string;
  /** Why this model: tier, reasons, candidates and the attempts of this gateway call. */
  routing?: StepRouting;
  /** The LlmCall behind the step: its trace (prompt and answer) opens from the timeline. */
  llmCallId?: string;
};

type Base = { id: string; seq: number; at: string };

export type TimelineItem =
  | (Base & { type: "text"; role: string; step: number; text: string; usage?: StepUsage })
  | (Base & {
      type: "tool_call";
      role: string;
      step: number;
      tool: string;
      input: unknown;
      result?: { ok: boolean; output: string; durationMs: number };
      usage?: StepUsage;
      /** A command with no result yet because it waits for a person's decision (or that wait expired). */
      awaiting?: "approval" | "expired";
    })
  | (Base & { type: "handoff"; from: string; to: string; kind: string; reason: string })
  | (Base & { type: "status"; status: string; attempt: number; reason?: string })
  | (Base & { type: "commit"; sha: string; message: string; files: string[] })
  | (Base & { type: "question"; kind: string; text: string; role: string })
  | (Base & { type: "answer"; answer: string; by: string; decision?: "approved" | "denied"; command?: string })
  | (Base & { type: "expired"; kind: string; text: string; reason: string })
  | (Base & { type: "llm_call"; usage: StepUsage })
  // How the platform coped with the model: a call repaired, a warning to the model, a stop, the context fitted.
  | (Base & { type: "repair"; step: number; kind: string; detail: string })
  | (Base & { type: "warning"; step: number; kind: string; message: string })
  | (Base & { type: "stopped"; step: number; kind: string; message: string; asked: boolean })
  | (Base & { type: "context"; step: number; masked: number; condensed: boolean; throughStep?: number; summary?: string; tokensBefore: number; tokensAfter: number; contextWindow: number });

type P = Record<string, unknown>;
const s = (p: P, k: string) => (typeof p[k] === "string" ? (p[k] as string) : "");
const n = (p: P, k: string) => (typeof p[k] === "number" ? (p[k] as number) : 0);

export type TimelineTotals = { tokens: number; costUsd: number; steps: number; calls: number };

/**
 * Turns a task's events (oldest first) into what the timeline shows: each tool call folded with its
 * result, each model call's usage attached to the step it produced (the `llm.call` event comes
 * just before that step's text and tool calls).
 */
export function buildTimeline(events: LiveEvent[]): { items: TimelineItem[]; totals: TimelineTotals } {
  const items: TimelineItem[] = [];
  const calls = new Map<string, Extract<TimelineItem, { type: "tool_call" }>>();
  const totals: TimelineTotals = { tokens: 0, costUsd: 0, steps: 0, calls: 0 };
  let usage: { usage: StepUsage; item: Extract<TimelineItem, { type: "llm_call" }> } | null = null;

  // The latest call of this command without a result is the one the approval question is about.
  const markPending = (command: string, awaiting: "approval" | "expired") => {
    const call = [...calls.values()].reverse().find((c) => c.tool === "run_command" && !c.result && (c.input as { command?: string } | undefined)?.command === command);
    if (call) call.awaiting = awaiting;
  };

  const claimUsage = () => {
    if (!usage) return undefined;
    const u = usage.usage;
    items.splice(items.indexOf(usage.item), 1);
    usage = null;
    return u;
  };

  for (const e of events) {
    const p = (e.payload ?? {}) as P;
    const base = { id: e.id, seq: e.seq, at: e.createdAt };
    switch (e.type) {
      case "llm.call": {
        // A retry or fallback of the same gateway call: the earlier attempt shows in this one's "why this model".
        if (usage && n(p, "attempt") > 1) claimUsage();
        const routing = routingOf(p);
        const u: StepUsage = {
          tokensIn: n(p, "tokensIn"),
          tokensOut: n(p, "tokensOut"),
          costUsd: n(p, "costUsd"),
          latencyMs: n(p, "latencyMs"),
          model: s(p, "model"),
          status: s(p, "status"),
          error: s(p, "error") || undefined,
          ...(routing ? { routing } : {}),
          ...(s(p, "llmCallId") ? { llmCallId: s(p, "llmCallId") } : {}),
        };
        totals.tokens += u.tokensIn + u.tokensOut;
        totals.costUsd += u.costUsd;
        totals.calls++;
        // Shown on its own only if no step follows it (a failed or cancelled model call).
        const item = { ...base, type: "llm_call" as const, usage: u };
        items.push(item);
        usage = { usage: u, item };
        break;
      }
      case "agent.text": {
        totals.steps = Math.max(totals.steps, n(p, "step"));
        items.push({ ...base, type: "text", role: s(p, "role"), step: n(p, "step"), text: s(p, "text"), usage: claimUsage() });
        break;
      }
      case "agent.tool_call": {
        totals.steps = Math.max(totals.steps, n(p, "step"));
        const item = { ...base, type: "tool_call" as const, role: s(p, "role"), step: n(p, "step"), tool: s(p, "tool"), input: p.input, usage: claimUsage() };
        calls.set(s(p, "toolCallId"), item);
        items.push(item);
        break;
      }
      case "agent.tool_result": {
        const call = calls.get(s(p, "toolCallId"));
        const result = { ok: p.ok === true, output: s(p, "output"), durationMs: n(p, "durationMs") };
        if (call) call.result = result;
        else items.push({ ...base, type: "tool_call", role: s(p, "role"), step: n(p, "step"), tool: s(p, "tool"), input: undefined, result });
        break;
      }
      case "agent.handoff":
        items.push({ ...base, type: "handoff", from: s(p, "from"), to: s(p, "to"), kind: s(p, "kind"), reason: s(p, "reason") });
        break;
      case "task.status":
        items.push({ ...base, type: "status", status: s(p, "status"), attempt: n(p, "attempt"), reason: s(p, "reason") || undefined });
        break;
      case "git.commit":
        items.push({ ...base, type: "commit", sha: s(p, "sha"), message: s(p, "message"), files: Array.isArray(p.files) ? (p.files as string[]) : [] });
        break;
      case "question.asked":
        items.push({ ...base, type: "question", kind: s(p, "kind"), text: s(p, "text"), role: s(p, "role") });
        if (s(p, "kind") === "command_approval") markPending(s(p, "text"), "approval");
        break;
      case "question.answered": {
        const decision = s(p, "decision");
        items.push({ ...base, type: "answer", answer: s(p, "answer"), by: s(p, "by"), ...(decision === "approved" || decision === "denied" ? { decision, command: s(p, "command") } : {}) });
        break;
      }
      case "agent.repair":
        items.push({ ...base, type: "repair", step: n(p, "step"), kind: s(p, "kind"), detail: s(p, "detail") });
        break;
      case "agent.warning":
        items.push({ ...base, type: "warning", step: n(p, "step"), kind: s(p, "kind"), message: s(p, "message") });
        break;
      case "agent.stopped":
        items.push({ ...base, type: "stopped", step: n(p, "step"), kind: s(p, "kind"), message: s(p, "message"), asked: p.asked === true });
        break;
      case "agent.context":
        items.push({
          ...base,
          type: "context",
          step: n(p, "step"),
          masked: n(p, "masked"),
          condensed: p.condensed === true,
          ...(typeof p.throughStep === "number" ? { throughStep: p.throughStep } : {}),
          ...(s(p, "summary") ? { summary: s(p, "summary") } : {}),
          tokensBefore: n(p, "tokensBefore"),
          tokensAfter: n(p, "tokensAfter"),
          contextWindow: n(p, "contextWindow"),
        });
        break;
      case "question.expired":
        items.push({ ...base, type: "expired", kind: s(p, "kind"), text: s(p, "text"), reason: s(p, "reason") });
        if (s(p, "kind") === "command_approval") markPending(s(p, "text"), "expired");
        break;
    }
  }
  return { items, totals };
}

/** Events from the initial fill and from live delivery, each once, in stream order. */
export function mergeEvents(...lists: (LiveEvent[] | undefined)[]): LiveEvent[] {
  const bySeq = new Map<number, LiveEvent>();
  for (const list of lists) for (const e of list ?? []) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
