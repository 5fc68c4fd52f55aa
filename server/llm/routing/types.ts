import "server-only";
import type { Tier } from "../config";

// The vocabulary of routing: what a call is for and the decision the gateway stores with every attempt.

export const PURPOSES = ["intake", "planning", "agent", "chat", "summarise", "embed"] as const;
export type Purpose = (typeof PURPOSES)[number];

/** Inputs to the complexity score and the candidate list that only the caller knows. */
export type RoutingInput = {
  /** What kind of task this step works on ("bugfix", "docs", "feature"…); free text, matched loosely. */
  taskKind?: string;
  /** How often this task failed before (QA hand-backs, failed runs): each failure pushes toward a stronger model. */
  failures?: number;
  /**
   * The project's model override for this call's role (project.settings.modelOverrides[role] ?? ["*"]),
   * read by the caller: a catalog entry id or "provider:modelId". It becomes the first candidate.
   */
  override?: string;
  /**
   * The project routes by outcomes (project.settings.learnedRouting, via learnedRoutingOf): the cheapest
   * model whose success rate for this role stays within `marginPct` points of the best goes first.
   */
  learned?: { marginPct: number };
};

export type AttemptStatus = "ok" | "error" | "skipped-breaker";

export type AttemptRecord = {
  /** "provider:modelId" */
  model: string;
  status: AttemptStatus;
  error?: string;
  latencyMs: number;
  llmCallId?: string;
};

/** Why a call went to the model it went to; stored on every LlmCall and in the "llm.call" event. */
export type RoutingDecision = {
  purpose: Purpose;
  /** The tier routing settled on (after complexity adjustments and budget degrades). */
  tier: Tier;
  /** 0–100: prompt size, tools, task kind and earlier failures. */
  complexity: number;
  /** Human sentences, one per adjustment: "planning → deep tier", "2 earlier failures → one tier up". */
  reasons: string[];
  /** Ordered "provider:modelId" list, at most three. */
  candidates: string[];
  /** The candidate that answered (or the last one tried when every one failed). */
  chosen: string;
  attempts: AttemptRecord[];
};
