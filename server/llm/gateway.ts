import "server-only";
import type { ModelMessage } from "ai";
import type { z } from "zod";
import { hostname } from "node:os";
import { scopedTransaction } from "@/server/db";
import { withEvents } from "@/server/events";
import { addUsage } from "@/server/governance";
import { admit, estimateInputTokens, isBudgetExceeded, release, settle, type Admission } from "@/server/governance/budgets";
import { logger } from "@/server/observability/logger";
import type { Tier } from "./config";
import { AttemptFailure, callModel, type ModelAnswer } from "./call-model";
import { describeFailure, LlmError } from "./errors";
import { cacheSavingsOf, costOf, type TokenUsage } from "./prices";
import type { ProviderRegistry, ResolvedModel } from "./registry";
import { installWarningLogger } from "./warnings";

installWarningLogger();

/**
 * What a call without maxOutputTokens may answer. The allowance is sent to the provider as the call's
 * limit, so the hold (prompt bound + allowance) really is the most the call can cost.
 */
export const DEFAULT_OUTPUT_ALLOWANCE = 8_192;
/** The degrade policy's ladder: over budget, a call moves one tier down and is admitted again. */
const CHEAPER: Record<Tier, Tier | null> = { deep: "standard", standard: "fast", fast: null };
const HOLDER = `${hostname()}:${process.pid}`;
// The call already happened and cost money: under load (many calls settling on one budget row) wait
// longer than Prisma's 2 s default for a connection rather than lose the record.
const RECORD_TX = { maxWait: 30_000, timeout: 30_000 };

export type Purpose = "intake" | "planning" | "agent" | "chat";

export type LlmScope = {
  orgId: string;
  projectId?: string | null;
  taskId?: string | null;
  runId?: string | null;
  userId?: string | null;
  /** The API key the call is made for (a person's key, or the key that created the project). */
  apiKeyId?: string | null;
  /** The agent role making the call (agent runs). */
  agentRole?: string | null;
};

/** A tool the model may call. No `execute`: the gateway runs one model step and callers run tools. */
export type ToolSpec = { description: string; inputSchema: z.ZodType };

export type GenerateOptions<OUT = unknown> = {
  purpose: Purpose;
  tier: Tier;
  system: string;
  messages: ModelMessage[];
  tools?: Record<string, ToolSpec>;
  /** Structured output: the answer is parsed and validated against this schema into `object`. */
  output?: z.ZodType<OUT>;
  scope: LlmScope;
  abortSignal?: AbortSignal;
  maxOutputTokens?: number;
};

export type ToolCallRequest = {
  toolCallId: string;
  toolName: string;
  input: unknown;
  /** Set when the model named an unknown tool or sent input that fails its schema. */
  invalid?: true;
  error?: string;
};

export type GenerateResult<OUT = unknown> = {
  text: string;
  toolCalls: ToolCallRequest[];
  /** The parsed structured output; undefined when `output` was not given or the step ended in tool calls. */
  object?: OUT;
  finishReason: string;
  usage: { inputTokens: number; outputTokens: number; cachedInputTokens: number };
  costUsd: number;
  llmCallId: string;
  latencyMs: number;
  provider: string;
  modelId: string;
  /** Set when a "degrade" budget moved the call to a cheaper tier than asked for. */
  degradedFrom?: Tier;
  /**
   * The assistant message of this step (text and tool-call parts), followed by a tool message with an
   * error result for every invalid tool call. Append these to `messages`, then your tool results.
   */
  responseMessages: ModelMessage[];
};

/**
 * One model step through the AI SDK, recorded as one LlmCall with an "llm.call" event in the same
 * transaction. Before the call, its worst case is held on every budget that applies (a "degrade" budget
 * moves it to a cheaper tier; others throw BudgetExceededError, nothing spent); the recording
 * transaction settles the hold to the real cost, on success and failure alike. Failures are recorded
 * too, then thrown as LlmError with a readable message.
 */
export async function generateWith<OUT = unknown>(
  registry: ProviderRegistry,
  opts: GenerateOptions<OUT>,
): Promise<GenerateResult<OUT>> {
  // A model call can take minutes and its cost must be recorded whatever happens to the request:
  // never inside a request's transaction (mark such a mutation with `callsModel` in server/api/trpc.ts).
  if (scopedTransaction()) throw new Error("A model call ran inside a request transaction: mark the procedure with callsModel().");
  const { resolved, admission, degradedFrom } = await admitCall(registry, opts);
  const call: Admitted = { resolved, admission, degradedFrom, settled: false };
  try {
    return await attempt(registry, opts, call);
  } finally {
    // recordCall settles in its transaction; if that transaction failed, give the holds back now
    // rather than leave them to the sweep.
    if (!call.settled) await release(admission).catch((err: unknown) => logger.warn({ err }, "releasing a budget hold failed"));
  }
}

type Admitted = { resolved: ResolvedModel; admission: Admission; degradedFrom?: Tier; settled: boolean };

/** Admission with the degrade ladder: deep → standard → fast while the refusing budget's policy is "degrade". */
async function admitCall(registry: ProviderRegistry, opts: GenerateOptions<unknown>): Promise<Omit<Admitted, "settled">> {
  let tier = opts.tier;
  for (;;) {
    const resolved = await registry.resolveFor(opts.scope.orgId, tier);
    try {
      const admission = await admit({
        scope: opts.scope,
        worstCase: worstCase(resolved, opts),
        holder: HOLDER,
        ttlMs: registry.config.timeoutMs + 5 * 60_000,
      });
      return { resolved, admission, ...(tier !== opts.tier ? { degradedFrom: opts.tier } : {}) };
    } catch (error) {
      const next = CHEAPER[tier];
      // A per-minute limit is a rate limit: a cheaper model does not make it come back sooner.
      if (isBudgetExceeded(error) && error.policy === "degrade" && error.budget.period !== "minute" && next) {
        tier = next;
        continue;
      }
      throw error;
    }
  }
}

/** The prompt's size as admission counts it (system, messages, tool schemas), in tokens. */
export function promptTokenEstimate(opts: Pick<GenerateOptions<unknown>, "system" | "messages" | "tools">): number {
  return estimateInputTokens([opts.system, opts.messages, opts.tools ? toolSchemas(opts.tools) : undefined]);
}

/** The most this call can cost: its prompt (estimated) plus maxOutputTokens, at the model's prices. */
function worstCase(resolved: ResolvedModel, opts: GenerateOptions<unknown>): { usd: number; tokens: number } {
  const inputTokens = promptTokenEstimate(opts);
  const outputTokens = outputAllowance(resolved, opts);
  return { usd: costFor(resolved, { inputTokens, outputTokens, cachedInputTokens: 0 }), tokens: inputTokens + outputTokens };
}

/** The output limit sent with the call: what was asked (or the default), never above the model's own. */
function outputAllowance(resolved: ResolvedModel, opts: GenerateOptions<unknown>): number {
  return Math.min(opts.maxOutputTokens ?? DEFAULT_OUTPUT_ALLOWANCE, resolved.maxOutputTokens);
}

const toolSchemas = (tools: Record<string, ToolSpec>) =>
  Object.entries(tools).map(([name, t]) => ({ name, description: t.description, schema: safeJsonSchema(t.inputSchema) }));

// Tool specs are module constants: convert each schema once, not on every step.
const schemaJson = new WeakMap<z.ZodType, unknown>();
function safeJsonSchema(schema: z.ZodType): unknown {
  if (!schemaJson.has(schema)) {
    let json: unknown = null;
    try {
      json = schema.toJSONSchema();
    } catch {
      // A schema JSON Schema cannot express (a transform): its description still counts.
    }
    schemaJson.set(schema, json);
  }
  return schemaJson.get(schema);
}

/** The one place a call is priced (the resolved model's price). */
function costFor(resolved: ResolvedModel, usage: TokenUsage): number {
  return costOf(resolved.price, usage);
}

async function attempt<OUT>(registry: ProviderRegistry, opts: GenerateOptions<OUT>, call: Admitted): Promise<GenerateResult<OUT>> {
  const { resolved } = call;
  const started = performance.now();
  let answer: ModelAnswer<OUT>;
  try {
    answer = await callModel(resolved, opts, {
      maxRetries: registry.config.maxRetries,
      timeoutMs: registry.config.timeoutMs,
      maxOutputTokens: outputAllowance(resolved, opts),
    });
  } catch (failed) {
    const error = failed instanceof AttemptFailure ? failed.cause : failed;
    const latencyMs = Math.round(performance.now() - started);
    const failure = describeFailure(error, { cancelledByCaller: opts.abortSignal?.aborted });
    // A step that finished but failed to parse was still billed: keep its tokens and cost.
    const usage = (failed instanceof AttemptFailure ? failed.usage : null) ?? { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
    const costUsd = costFor(resolved, usage);
    const llmCallId = await recordCall(opts, call, { usage, costUsd, latencyMs, status: "error", error: failure.message });
    throw new LlmError(failure.message, failure.kind, {
      provider: resolved.provider,
      modelId: resolved.modelId,
      llmCallId,
      providerStatus: failure.providerStatus,
      retryable: failure.retryable,
      cause: error,
    });
  }

  const latencyMs = Math.round(performance.now() - started);
  const { usage } = answer;
  const costUsd = costFor(resolved, usage);
  const llmCallId = await recordCall(opts, call, { usage, costUsd, latencyMs, status: "ok" });
  return {
    text: answer.text,
    toolCalls: answer.toolCalls,
    ...(answer.object !== undefined ? { object: answer.object } : {}),
    finishReason: answer.finishReason,
    usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cachedInputTokens: usage.cachedInputTokens },
    costUsd,
    llmCallId,
    latencyMs,
    provider: resolved.provider,
    modelId: resolved.modelId,
    ...(call.degradedFrom ? { degradedFrom: call.degradedFrom } : {}),
    responseMessages: answer.responseMessages,
  };
}

async function recordCall(
  opts: GenerateOptions<unknown>,
  call: Admitted,
  outcome: { usage: TokenUsage; costUsd: number; latencyMs: number; status: "ok" | "error"; error?: string },
): Promise<string> {
  const { scope } = opts;
  const { resolved } = call;
  const id = await withEvents(async (tx, emit) => {
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
        tokensIn: outcome.usage.inputTokens,
        tokensOut: outcome.usage.outputTokens,
        tokensCached: outcome.usage.cachedInputTokens,
        tokensCacheWrite: outcome.usage.cacheWriteTokens ?? 0,
        costUsd: outcome.costUsd.toFixed(6),
        // The catalog price version it was costed with; an edited price never rewrites old calls.
        priceId: resolved.price.priceId,
        cacheSavingsUsd: cacheSavingsOf(resolved.price, outcome.usage).toFixed(6),
        latencyMs: outcome.latencyMs,
        status: outcome.status,
        error: outcome.error ?? null,
      },
    });
    // The cost panel's rollup moves with the call, in its transaction.
    await addUsage(tx, row);
    // Same transaction as the LlmCall: the hold becomes the real cost exactly once (failed calls too).
    await settle(tx, call.admission, { usd: outcome.costUsd, tokens: outcome.usage.inputTokens + outcome.usage.outputTokens, requests: 1 }, emit);
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
        tokensIn: outcome.usage.inputTokens,
        tokensOut: outcome.usage.outputTokens,
        costUsd: outcome.costUsd,
        latencyMs: outcome.latencyMs,
        status: outcome.status,
        taskId: scope.taskId ?? null,
        runId: scope.runId ?? null,
        error: outcome.error ?? null,
        ...(call.degradedFrom ? { degradedFrom: call.degradedFrom } : {}),
      },
    });
    return row.id;
  }, RECORD_TX);
  call.settled = true;
  return id;
}
