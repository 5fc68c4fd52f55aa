import "server-only";
import type { Admission } from "@/server/governance/budgets";
import { logger } from "@/server/observability/logger";
import { AttemptFailure, callModel, type ModelAnswer } from "../call-model";
import type { Tier } from "../config";
import { describeFailure, LlmError } from "../errors";
import type { GenerateOptions } from "../gateway-types";
import { costOf, type TokenUsage } from "../prices";
import type { ProviderRegistry, ResolvedModel } from "../registry";
import { retryDelay } from "../resilience/backoff";
import { classifyFailure } from "../resilience/classify";
import { guardDeltas } from "../resilience/delta-guard";
import { attemptSignal, sleep } from "../resilience/signals";
import { waitForBreakers } from "../resilience/wait-for-breakers";
import { modelKey } from "../routing/candidates";
import type { RoutingDecision } from "../routing/types";
import { holdFor, outputAllowance, releaseHold, worstCase } from "./admission";
import { recordAttempt } from "./record";

// The call step: the candidates in order, each tried up to 1 + maxRetries times (only after 429, 5xx,
// timeouts and connection errors, with back-off honouring Retry-After), skipping a model whose breaker
// is open; every attempt is held, recorded and settled on its own. Stops at the first answer, at a
// failure another try cannot fix, once streamed text reached the caller, or at maxAttempts.

const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };

export type Attempted<OUT> = { answer: ModelAnswer<OUT>; resolved: ResolvedModel; costUsd: number; latencyMs: number; llmCallId: string };

export type AttemptPlan = {
  candidates: ResolvedModel[];
  decision: RoutingDecision;
  promptTokens: number;
  /** The first attempt's hold, taken by admission (with the degrade ladder) before any call. */
  firstHold: { admission: Admission; resolved: ResolvedModel };
  degradedFrom?: Tier;
};

export async function attemptCandidates<OUT>(registry: ProviderRegistry, opts: GenerateOptions<OUT>, plan: AttemptPlan): Promise<Attempted<OUT>> {
  const { config } = registry;
  const { decision } = plan;
  const state: PassState = { spare: plan.firstHold, attempt: 0, last: null };
  try {
    for (let pass = 0; ; pass++) {
      const before = state.attempt;
      const done = await onePass(registry, opts, plan, state);
      if (done) return done;
      // Every candidate was paused by its breaker and nothing was sent: wait (briefly, once) for one
      // to let a probe through rather than fail a task over a cool-down.
      if (pass > 0 || state.attempt > before || state.attempt >= config.maxAttempts) break;
      const keys = plan.candidates.map(modelKey);
      if (!(await waitForBreakers(registry.breakers, keys, config.backoff.capMs, opts.abortSignal))) break;
    }
  } finally {
    await releaseHold(state.spare?.admission ?? null);
  }
  if (state.last) throw withAttempts(state.last, state.attempt, decision);
  throw unavailable(decision);
}

type PassState = { spare: AttemptPlan["firstHold"] | null; attempt: number; last: LlmError | null };

/** The candidates once, in order; an answer, or null when this pass ran out (state says why). */
async function onePass<OUT>(registry: ProviderRegistry, opts: GenerateOptions<OUT>, plan: AttemptPlan, state: PassState): Promise<Attempted<OUT> | null> {
  const { config } = registry;
  const { decision } = plan;
  for (const resolved of plan.candidates) {
    const key = modelKey(resolved);
    const breaker = registry.breakers.get(key);
    for (let retry = 0; retry <= config.maxRetries && state.attempt < config.maxAttempts; retry++) {
      if (!breaker.tryAcquire()) {
        const until = breaker.snapshot().retryAt;
        decision.attempts.push({ model: key, status: "skipped-breaker", latencyMs: 0, error: `failing repeatedly; paused${until ? ` until ${until}` : ""}` });
        break;
      }
      state.attempt++;
      let admission: Admission;
      try {
        admission = await holdForAttempt(registry, opts, plan, state, resolved);
      } catch (error) {
        breaker.neutral();
        throw error; // over budget now: the attempts so far are recorded; this one never started
      }
      let outcome: Attempted<OUT> | Failed;
      try {
        outcome = await attemptOnce(registry, opts, plan, resolved, admission, state.attempt);
      } catch (error) {
        breaker.neutral(); // recording failed: says nothing about the provider, and must not keep the probe slot
        throw error;
      }
      if ("answer" in outcome) {
        breaker.success();
        return outcome;
      }
      const { error, cls, streamed } = outcome;
      if (!cls.unhealthy) breaker.neutral();
      else if (breaker.failure(error.message)) {
        logger.warn({ model: key, until: breaker.snapshot().retryAt, error: error.message }, "model paused: its circuit breaker opened after repeated failures");
      }
      state.last = error;
      if (streamed || error.kind === "cancelled" || (!cls.retry && !cls.fallBack)) throw withAttempts(error, state.attempt, decision);
      if (!cls.retry) break;
      if (retry < config.maxRetries && state.attempt < config.maxAttempts) {
        const wait = retryDelay(retry, cls.retryAfterMs, config.backoff);
        if (wait === null) break; // asked to wait longer than the cap: the next candidate is sooner
        try {
          await sleep(wait, opts.abortSignal);
        } catch {
          throw new LlmError("The model call was cancelled.", "cancelled", { ...error.details, retryable: false, attempts: state.attempt });
        }
      }
    }
    if (state.attempt >= config.maxAttempts) break;
  }
  return null;
}

/** Re-uses the admission's hold when it covers this model; otherwise gives it back and holds for this attempt. */
async function holdForAttempt(registry: ProviderRegistry, opts: GenerateOptions<unknown>, plan: AttemptPlan, state: PassState, resolved: ResolvedModel): Promise<Admission> {
  const spare = state.spare;
  state.spare = null;
  if (spare && (spare.resolved === resolved || worstCase(resolved, opts, plan.promptTokens).usd <= worstCase(spare.resolved, opts, plan.promptTokens).usd)) {
    return spare.admission;
  }
  await releaseHold(spare?.admission ?? null);
  return holdFor(registry, opts, resolved, plan.promptTokens);
}

type Failed = { error: LlmError; cls: ReturnType<typeof classifyFailure>; streamed: boolean };

async function attemptOnce<OUT>(
  registry: ProviderRegistry,
  opts: GenerateOptions<OUT>,
  plan: AttemptPlan,
  resolved: ResolvedModel,
  admission: Admission,
  attempt: number,
): Promise<Attempted<OUT> | Failed> {
  const { config } = registry;
  const { decision } = plan;
  const key = modelKey(resolved);
  const signal = attemptSignal(opts.abortSignal, config.timeoutMs);
  const deltas = guardDeltas(opts.onDelta);
  const started = performance.now();
  let settled = false;
  try {
    let answer: ModelAnswer<OUT>;
    try {
      answer = await callModel(
        resolved,
        { ...opts, abortSignal: signal.signal, onDelta: deltas.onDelta },
        // The SDK neither retries (this loop does) nor times out before our own signal does.
        { maxRetries: 0, timeoutMs: config.timeoutMs + 1_000, maxOutputTokens: outputAllowance(resolved, opts) },
      );
    } catch (failed) {
      const error = failed instanceof AttemptFailure ? failed.cause : failed;
      const latencyMs = Math.round(performance.now() - started);
      const timedOut = signal.timedOut();
      const cancelled = signal.cancelled();
      const failure = describeFailure(error, { cancelledByCaller: cancelled, timedOutAfterMs: timedOut ? config.timeoutMs : undefined });
      // A step that finished but failed to parse was still billed: keep its tokens and cost.
      const usage = (failed instanceof AttemptFailure ? failed.usage : null) ?? NO_USAGE;
      const costUsd = costOf(resolved.price, usage);
      const streamed = deltas.emitted();
      const message = streamed ? `${failure.message} (the answer stopped part-way, after text was already shown)` : failure.message;
      decision.attempts.push({ model: key, status: "error", error: message, latencyMs });
      decision.chosen = key;
      const llmCallId = await recordAttempt(opts, { resolved, admission, degradedFrom: plan.degradedFrom, decision, attempt, usage, costUsd, latencyMs, status: "error", error: message });
      settled = true;
      decision.attempts.at(-1)!.llmCallId = llmCallId;
      return {
        error: new LlmError(message, failure.kind, {
          provider: resolved.provider,
          modelId: resolved.modelId,
          llmCallId,
          providerStatus: failure.providerStatus,
          retryable: failure.retryable,
          cause: error,
          attempts: attempt,
        }),
        cls: classifyFailure(error, { timedOut, cancelled }),
        streamed,
      };
    }
    const latencyMs = Math.round(performance.now() - started);
    const costUsd = costOf(resolved.price, answer.usage);
    decision.attempts.push({ model: key, status: "ok", latencyMs });
    // Asked again without streaming (a provider that drops streamed tool calls): say so with the answer.
    if (answer.oneShotFallback && !decision.reasons.includes(answer.oneShotFallback)) decision.reasons.push(answer.oneShotFallback);
    decision.chosen = key;
    const llmCallId = await recordAttempt(opts, { resolved, admission, degradedFrom: plan.degradedFrom, decision, attempt, usage: answer.usage, costUsd, latencyMs, status: "ok", answer });
    settled = true;
    decision.attempts.at(-1)!.llmCallId = llmCallId;
    return { answer, resolved, costUsd, latencyMs, llmCallId };
  } finally {
    // The record settles in its transaction; if that transaction failed, give the hold back now.
    if (!settled) await releaseHold(admission);
  }
}

function withAttempts(error: LlmError, attempts: number, decision: RoutingDecision): LlmError {
  if (attempts <= 1) return error;
  const tried = [...new Set(decision.attempts.filter((a) => a.status === "error").map((a) => a.model))];
  const models = tried.length > 1 ? ` across ${tried.length} models` : "";
  const end = error.message.endsWith(".") ? "." : "";
  const message = `${end ? error.message.slice(0, -1) : error.message} (${attempts} attempts${models})${end}`;
  return new LlmError(message, error.kind, { ...error.details, attempts });
}

function unavailable(decision: RoutingDecision): LlmError {
  const skipped = decision.attempts.filter((a) => a.status === "skipped-breaker").map((a) => a.model);
  const first = decision.candidates[0] ?? "";
  const [provider = "", modelId = ""] = first.split(/:(.*)/s);
  return new LlmError(
    `Every model for this call is failing right now (${skipped.join(", ")}); AIOS paused calls to them and will try again shortly.`,
    "unavailable",
    { provider, modelId, llmCallId: "", retryable: true, cause: null, attempts: 0 },
  );
}
