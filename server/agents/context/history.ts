import "server-only";
import type { Turn } from "./turns";
import { freshContext, type ContextState } from "./window";

// The run's turns rebuilt from its recorded events (oldest first): what an uninterrupted run holds.

/** Told to the model after a step without a tool call. */
export const NUDGE = "Continue with a tool call. When the task is done, call finish with a summary.";

export type StepEvent = { type: string; payload: Record<string, unknown> };

/** Steps with their calls (only those with a result), nudges and warnings; the latest context state. */
export function turnsFromEvents(events: StepEvent[]): { turns: Turn[]; steps: number; context: ContextState } {
  const results = new Map(events.filter((e) => e.type === "agent.tool_result").map((e) => [e.payload.toolCallId as string, e.payload]));
  const byStep = new Map<number, StepEvent[]>();
  let context = freshContext();
  for (const e of events) {
    if (e.type === "agent.context") {
      const p = e.payload as { maskedThrough: number; summary?: string; throughStep?: number };
      context = { maskedThrough: p.maskedThrough, ...(p.summary !== undefined && p.throughStep !== undefined ? { summary: { text: p.summary, throughStep: p.throughStep } } : context.summary ? { summary: context.summary } : {}) };
      continue;
    }
    const step = e.payload.step as number;
    byStep.set(step, [...(byStep.get(step) ?? []), e]);
  }
  const turns: Turn[] = [];
  for (const [step, stepEvents] of [...byStep].sort((a, b) => a[0] - b[0])) {
    const text = (stepEvents.find((e) => e.type === "agent.text")?.payload.text as string | undefined) ?? "";
    const calls = stepEvents
      .filter((e) => e.type === "agent.tool_call" && results.has(e.payload.toolCallId as string))
      .map((c) => {
        const r = results.get(c.payload.toolCallId as string)!;
        return { toolCallId: c.payload.toolCallId as string, tool: c.payload.tool as string, input: c.payload.input, ok: r.ok === true, output: r.output as string };
      });
    const warnings = stepEvents.filter((e) => e.type === "agent.warning").map((e) => e.payload.message as string);
    if (!text && calls.length === 0 && warnings.length === 0) continue;
    turns.push({ step, text, calls, notes: [...(calls.length === 0 ? [NUDGE] : []), ...warnings] });
  }
  return { turns, steps: byStep.size ? Math.max(...byStep.keys()) : 0, context };
}
