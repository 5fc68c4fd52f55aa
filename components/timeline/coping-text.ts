import { pluralize } from "@/lib/format";

// Sentences for how the platform coped with an imperfect model (agent.repair / warning / stopped /
// context events), shared by the task timeline and the activity feed.

const tokens = (n: number) => `${Math.round(n).toLocaleString("en")} tokens`;

/** "3 older tool outputs elided to fit the model's window (≈ 9,100 → 5,200 tokens of 8,000)". */
export function contextSentence(c: { masked: number; condensed: boolean; throughStep?: number; tokensBefore: number; tokensAfter: number; contextWindow: number }): string {
  const what = [
    c.condensed ? `steps 1–${c.throughStep ?? "?"} condensed into a summary` : null,
    c.masked > 0 ? `${pluralize(c.masked, "older tool output")} elided` : null,
  ]
    .filter(Boolean)
    .join(" and ");
  return `${what || "Context adjusted"} to fit the model's context window (≈ ${tokens(c.tokensBefore)} → ${tokens(c.tokensAfter)} of ${tokens(c.contextWindow)})`;
}

export function stoppedTitle(kind: string, asked: boolean): string {
  if (kind === "mistakes") return asked ? "Too many mistakes in a row: a person is asked how to continue" : "Stopped after too many mistakes in a row";
  return "Stopped: the agent was repeating itself";
}
