import "server-only";
import { scopedTransaction } from "@/server/db";
import { isBudgetExceeded, type Admission } from "@/server/governance/budgets";
import { CACHE_HIT_USAGE, type CachedAnswer } from "./cache";
import type { Tier } from "./config";
import type { GenerateOptions, GenerateResult, RoutingDecision } from "./gateway-types";
import { holdFor, promptTokenEstimate } from "./pipeline/admission";
import { attemptCandidates, type Attempted } from "./pipeline/attempts";
import { lookUpCached, storeAnswer } from "./pipeline/cache-step";
import { recordAttempt } from "./pipeline/record";
import type { ProviderRegistry, ResolvedModel } from "./registry";
import { modelKey, route, type Route } from "./routing";
import { installWarningLogger } from "./warnings";

installWarningLogger();

export type {
  AnySchema,
  GenerateOptions,
  GenerateResult,
  LlmScope,
  Purpose,
  RoutingDecision,
  RoutingInput,
  StreamDelta,
  ToolCallRequest,
  ToolSpec,
} from "./gateway-types";
export { DEFAULT_OUTPUT_ALLOWANCE, promptTokenEstimate } from "./pipeline/admission";

/** The degrade policy's ladder: over budget, a call moves one tier down and is admitted again. */
const CHEAPER: Record<Tier, Tier | null> = { deep: "standard", standard: "fast", fast: null };

/**
 * One model step: route (tier and candidates) → cache → admit (budgets) → attempts with retries,
 * breakers and fallbacks → record (every attempt one LlmCall with its "llm.call" event, its hold
 * settled in the same transaction). Failures are recorded too, then thrown as LlmError with a
 * readable message. Each step lives in pipeline/, routing/ or resilience/ and is tested there.
 */
export async function generateWith<OUT = unknown>(registry: ProviderRegistry, opts: GenerateOptions<OUT>): Promise<GenerateResult<OUT>> {
  // A model call can take minutes and its cost must be recorded whatever happens to the request:
  // never inside a request's transaction (mark such a mutation with `callsModel` in server/api/trpc.ts).
  if (scopedTransaction()) throw new Error("A model call ran inside a request transaction: mark the procedure with callsModel().");
  const promptTokens = promptTokenEstimate(opts);
  const routed = await routeCall(registry, opts, promptTokens, opts.tier);

  const hit = await lookUpCached(routed.candidates[0]!, opts);
  if (hit) return answerFromCache(opts, routed, hit);

  const { admission, route: admitted, degradedFrom } = await admitFirst(registry, opts, promptTokens, routed);
  const done = await attemptCandidates(registry, opts, {
    candidates: admitted.candidates,
    decision: admitted.decision,
    promptTokens,
    firstHold: { admission, resolved: admitted.candidates[0]! },
    degradedFrom,
  });
  await storeAnswer(done.resolved, opts, done.answer, done.costUsd);
  return resultOf(done, admitted, degradedFrom);
}

function routeCall(registry: ProviderRegistry, opts: GenerateOptions<unknown>, promptTokens: number, tier: Tier, extra: { reasons?: string[]; fixedTier?: boolean } = {}): Promise<Route> {
  return route(
    registry,
    {
      purpose: opts.purpose,
      tier,
      orgId: opts.scope.orgId,
      role: opts.scope.agentRole,
      model: opts.model,
      routing: opts.routing,
      promptTokens,
      toolCount: opts.tools ? Object.keys(opts.tools).length : 0,
      fixedTier: extra.fixedTier,
    },
    extra.reasons,
  );
}

/**
 * Admission of the first candidate with the degrade ladder: while the refusing budget's policy is
 * "degrade" (and not a per-minute rate limit), the call is routed again one tier down.
 */
async function admitFirst(
  registry: ProviderRegistry,
  opts: GenerateOptions<unknown>,
  promptTokens: number,
  first: Route,
): Promise<{ admission: Admission; route: Route; degradedFrom?: Tier }> {
  let current = first;
  for (;;) {
    try {
      const admission = await holdFor(registry, opts, current.candidates[0]!, promptTokens);
      const degraded = current.decision.tier !== first.decision.tier;
      return { admission, route: current, ...(degraded ? { degradedFrom: first.decision.tier } : {}) };
    } catch (error) {
      const next = CHEAPER[current.decision.tier];
      // A per-minute limit is a rate limit: a cheaper model does not make it come back sooner.
      if (!(isBudgetExceeded(error) && error.policy === "degrade" && error.budget.period !== "minute" && next)) throw error;
      const why = `over the ${error.budget.scope} budget (${error.budget.metric} per ${error.budget.period}), degraded to the ${next} tier`;
      current = await routeCall(registry, opts, promptTokens, next, { reasons: [...current.decision.reasons, why], fixedTier: true });
    }
  }
}

async function answerFromCache<OUT>(opts: GenerateOptions<OUT>, routed: Route, hit: CachedAnswer): Promise<GenerateResult<OUT>> {
  const resolved: ResolvedModel = routed.candidates[0]!;
  const key = modelKey(resolved);
  const decision: RoutingDecision = { ...routed.decision, chosen: key, attempts: [{ model: key, status: "ok", latencyMs: 0 }] };
  decision.reasons = [...decision.reasons, "answered from the response cache (same request, temperature 0)"];
  const usage = { ...CACHE_HIT_USAGE };
  const llmCallId = await recordAttempt(opts, { resolved, admission: null, decision, attempt: 1, usage, costUsd: 0, latencyMs: 0, status: "ok", cacheHit: { savedUsd: hit.costUsd }, answer: hit.answer as Attempted<OUT>["answer"] });
  decision.attempts[0] = { ...decision.attempts[0]!, llmCallId };
  const answer = hit.answer as Attempted<OUT>["answer"];
  if (opts.onDelta && answer.text) opts.onDelta({ type: "text", text: answer.text });
  return {
    text: answer.text,
    toolCalls: answer.toolCalls,
    ...(answer.object !== undefined ? { object: answer.object } : {}),
    finishReason: answer.finishReason,
    usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 },
    costUsd: 0,
    llmCallId,
    latencyMs: 0,
    provider: resolved.provider,
    modelId: resolved.modelId,
    responseMessages: answer.responseMessages,
    routing: decision,
    cacheHit: true,
  };
}

function resultOf<OUT>(done: Attempted<OUT>, routed: Route, degradedFrom?: Tier): GenerateResult<OUT> {
  const { answer, resolved } = done;
  const { usage } = answer;
  return {
    text: answer.text,
    toolCalls: answer.toolCalls,
    ...(answer.object !== undefined ? { object: answer.object } : {}),
    finishReason: answer.finishReason,
    usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cachedInputTokens: usage.cachedInputTokens },
    costUsd: done.costUsd,
    llmCallId: done.llmCallId,
    latencyMs: done.latencyMs,
    provider: resolved.provider,
    modelId: resolved.modelId,
    ...(degradedFrom ? { degradedFrom } : {}),
    responseMessages: answer.responseMessages,
    routing: routed.decision,
    cacheHit: false,
  };
}
