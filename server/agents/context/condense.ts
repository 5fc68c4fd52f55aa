import "server-only";
import { generate, LlmError, type LlmScope } from "@/server/llm";
import { callLabel } from "../guards/call-label";
import { clipMiddle } from "./clip-output";
import type { Turn } from "./turns";

// Condensing: the steps before the recent ones are summarised by a model call through the gateway
// (purpose "summarise": routed, metered and budgeted like every call). The summary replaces them in what
// the model sees; the events keep every step.

const SYSTEM = `<aios purpose="summarise"/>
You summarise the earlier steps of a software agent's task so it can continue without them.
Keep what matters for the rest of the task: files created or changed and what they contain, commands
run and their results (failing tests and errors word for word, briefly), decisions made, and what is
left to do. Plain text, at most 300 words. No preamble.`;

/** The steps as text for the summariser, within `maxChars` (long outputs keep head and tail). */
export function transcript(turns: Turn[], previous: string | undefined, maxChars: number): string {
  const perOutput = Math.max(300, Math.floor(maxChars / Math.max(1, turns.reduce((n, t) => n + t.calls.length, 0)) / 2));
  const lines: string[] = previous ? [`Summary of the steps before these:\n${previous}`] : [];
  for (const t of turns) {
    if (t.text) lines.push(`Step ${t.step}, the agent said: ${t.text}`);
    for (const c of t.calls) lines.push(`Step ${t.step}, ${callLabel(c.tool, c.input)} → ${c.ok ? "ok" : "failed"}:\n${clipMiddle(c.output, perOutput)}`);
  }
  return clipMiddle(lines.join("\n\n"), maxChars);
}

/** A summary of `turns`; when the model call fails, a plain note that keeps the run going. */
export async function summarise(opts: { turns: Turn[]; previous?: string; maxChars: number; scope: LlmScope; abortSignal?: AbortSignal }): Promise<{ text: string; ok: boolean }> {
  const text = transcript(opts.turns, opts.previous, opts.maxChars);
  try {
    const res = await generate({
      purpose: "summarise",
      tier: "fast",
      system: SYSTEM,
      messages: [{ role: "user", content: text }],
      scope: opts.scope,
      abortSignal: opts.abortSignal,
      maxOutputTokens: 1_024,
    });
    if (res.text.trim()) return { text: res.text.trim(), ok: true };
  } catch (err) {
    // Budget refusals and cancels end the run as usual; a provider failure only loses the summary.
    if (!(err instanceof LlmError) || opts.abortSignal?.aborted) throw err;
  }
  const first = opts.turns[0]?.step ?? 0;
  const last = opts.turns.at(-1)?.step ?? 0;
  return { text: `${opts.previous ? `${opts.previous}\n` : ""}Steps ${first}–${last} are not shown (no summary could be made); see the files in the workspace for their results.`, ok: false };
}
