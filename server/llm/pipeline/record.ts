import "server-only";
import type { Prisma } from "@/server/db";
import { withEvents } from "@/server/events";
import { addUsage } from "@/server/governance";
import { settle, type Admission } from "@/server/governance/budgets";
import type { Tier } from "../config";
import type { GenerateOptions } from "../gateway-types";
import type { ModelAnswer } from "../call-model";
import { cacheSavingsOf, type TokenUsage } from "../prices";
import type { ResolvedModel } from "../registry";
import type { RoutingDecision } from "../routing/types";
import { traceRow } from "../trace/trace-row";

// The record step: one LlmCall per attempt (failed ones and cache hits too) with its "llm.call" event,
// the usage rollup and the settlement of the attempt's hold, all in one transaction.

// The call already happened and cost money: under load (many calls settling on one budget row) wait
// longer than Prisma's 2 s default for a connection rather than lose the record.
const RECORD_TX = { maxWait: 30_000, timeout: 30_000 };

export type AttemptRecordInput = {
  resolved: ResolvedModel;
  /** The attempt's hold, settled here; null for a cache hit (nothing was held). */
  admission: Admission | null;
  degradedFrom?: Tier;
  decision: RoutingDecision;
  attempt: number;
  usage: TokenUsage;
  costUsd: number;
  latencyMs: number;
  status: "ok" | "error";
  error?: string;
  /** A response-cache hit: cost 0, the saving is what the stored answer cost. */
  cacheHit?: { savedUsd: number };
  /** The answer of an answered attempt, for its trace (absent for a failed one). */
  answer?: Pick<ModelAnswer, "text" | "toolCalls" | "object" | "finishReason" | "oneShotFallback">;
};

/** Settles the hold exactly once (the hold row's delete is the guard); returns the LlmCall id. */
export async function recordAttempt(opts: GenerateOptions<unknown>, rec: AttemptRecordInput): Promise<string> {
  const { scope } = opts;
  const { resolved } = rec;
  const savings = rec.cacheHit ? rec.cacheHit.savedUsd : cacheSavingsOf(resolved.price, rec.usage);
  // Masked and capped before the transaction opens: the trace is part of the record, its CPU work is not.
  const trace = traceRow(opts, rec.answer ?? null);
  return withEvents(async (tx, emit) => {
    const row = await tx.llmCall.create({
      data: {
        orgId: scope.orgId,
        projectId: scope.projectId ?? null,
        taskId: scope.taskId ?? null,
        runId: scope.runId ?? null,
        userId: scope.userId ?? null,
        apiKeyId: scope.apiKeyId ?? null,
        agentRole: scope.agentRole ?? null,
        purpose: opts.purpose,
        provider: resolved.provider,
        model: resolved.modelId,
        tokensIn: rec.usage.inputTokens,
        tokensOut: rec.usage.outputTokens,
        tokensCached: rec.usage.cachedInputTokens,
        tokensCacheWrite: rec.usage.cacheWriteTokens ?? 0,
        costUsd: rec.costUsd.toFixed(6),
        // The catalog price version it was costed with; an edited price never rewrites old calls.
        priceId: resolved.price.priceId,
        cacheSavingsUsd: savings.toFixed(6),
        cacheHit: rec.cacheHit !== undefined,
        latencyMs: rec.latencyMs,
        status: rec.status,
        error: rec.error ?? null,
        routing: rec.decision as unknown as Prisma.InputJsonValue,
        attempt: rec.attempt,
      },
    });
    await tx.llmCallTrace.create({ data: { llmCallId: row.id, orgId: scope.orgId, ...trace }, select: { id: true } });
    // The cost panel's rollup moves with the call, in its transaction.
    await addUsage(tx, row);
    // Same transaction as the LlmCall: the hold becomes the real cost exactly once (failed calls too).
    if (rec.admission) {
      await settle(tx, rec.admission, { usd: rec.costUsd, tokens: rec.usage.inputTokens + rec.usage.outputTokens, requests: 1 }, emit);
    }
    await emit({
      orgId: scope.orgId,
      projectId: scope.projectId ?? null,
      taskId: scope.taskId ?? null,
      runId: scope.runId ?? null,
      type: "llm.call",
      payload: {
        llmCallId: row.id,
        purpose: opts.purpose,
        provider: resolved.provider,
        model: resolved.modelId,
        tokensIn: rec.usage.inputTokens,
        tokensOut: rec.usage.outputTokens,
        costUsd: rec.costUsd,
        latencyMs: rec.latencyMs,
        status: rec.status,
        taskId: scope.taskId ?? null,
        runId: scope.runId ?? null,
        error: rec.error ?? null,
        ...(rec.degradedFrom ? { degradedFrom: rec.degradedFrom } : {}),
        cacheHit: rec.cacheHit !== undefined,
        attempt: rec.attempt,
        routing: compactRouting(rec.decision),
      },
    });
    return row.id;
  }, RECORD_TX);
}

const MAX_EVENT_ERROR = 160;

/** What the timeline needs for "why this model", without the ids. */
export function compactRouting(d: RoutingDecision) {
  return {
    tier: d.tier,
    complexity: d.complexity,
    reasons: d.reasons,
    candidates: d.candidates,
    chosen: d.chosen,
    attempts: d.attempts.map((a) => ({
      model: a.model,
      status: a.status,
      latencyMs: a.latencyMs,
      ...(a.error ? { error: a.error.length > MAX_EVENT_ERROR ? `${a.error.slice(0, MAX_EVENT_ERROR - 1)}…` : a.error } : {}),
    })),
  };
}
