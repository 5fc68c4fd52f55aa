// "Why this model" as the timeline reads it from an "llm.call" event's payload (server/llm/routing,
// compacted by the gateway). Read defensively: older events have no routing at all.

/** llmCallId: the attempt's own LlmCall (stored routing only; events leave ids out). */
export type StepAttempt = { model: string; status: string; error?: string; latencyMs: number; llmCallId?: string };
export type StepRouting = {
  tier: string;
  complexity: number;
  reasons: string[];
  candidates: string[];
  chosen: string;
  attempts: StepAttempt[];
  cacheHit: boolean;
};

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export function routingOf(payload: Record<string, unknown>): StepRouting | undefined {
  const r = payload.routing;
  if (!isObj(r)) return undefined;
  const attempts = Array.isArray(r.attempts)
    ? r.attempts.filter(isObj).map((a) => ({
        model: typeof a.model === "string" ? a.model : "",
        status: typeof a.status === "string" ? a.status : "",
        latencyMs: typeof a.latencyMs === "number" ? a.latencyMs : 0,
        ...(typeof a.error === "string" ? { error: a.error } : {}),
        ...(typeof a.llmCallId === "string" ? { llmCallId: a.llmCallId } : {}),
      }))
    : [];
  return {
    tier: typeof r.tier === "string" ? r.tier : "",
    complexity: typeof r.complexity === "number" ? r.complexity : 0,
    reasons: strings(r.reasons),
    candidates: strings(r.candidates),
    chosen: typeof r.chosen === "string" ? r.chosen : "",
    attempts,
    cacheHit: payload.cacheHit === true,
  };
}
