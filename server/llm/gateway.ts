import "server-only";
import { generateText, Output, stepCountIs, tool, type ModelMessage, type ToolSet } from "ai";
import type { z } from "zod";
import { scopedTransaction } from "@/server/db";
import { withEvents } from "@/server/events";
import type { Tier } from "./config";
import { describeFailure, LlmError } from "./errors";
import { costOf, type TokenUsage } from "./prices";
import type { ProviderRegistry, ResolvedModel } from "./registry";
import { installWarningLogger } from "./warnings";

installWarningLogger();

export type Purpose = "intake" | "planning" | "agent" | "chat";

export type LlmScope = {
  orgId: string;
  projectId?: string | null;
  taskId?: string | null;
  runId?: string | null;
  userId?: string | null;
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
  /**
   * The assistant message of this step (text and tool-call parts), followed by a tool message with an
   * error result for every invalid tool call. Append these to `messages`, then your tool results.
   */
  responseMessages: ModelMessage[];
};

type StepSnapshot = { usage: TokenUsage; finishReason: string };

/**
 * One model step through the AI SDK, recorded as one LlmCall with an "llm.call" event in the same
 * transaction. Failures are recorded too, then thrown as LlmError with a readable message.
 */
export async function generateWith<OUT = unknown>(
  registry: ProviderRegistry,
  opts: GenerateOptions<OUT>,
): Promise<GenerateResult<OUT>> {
  // A model call can take minutes and its cost must be recorded whatever happens to the request:
  // never inside a request's transaction (mark such a mutation with `callsModel` in server/api/trpc.ts).
  if (scopedTransaction()) throw new Error("A model call ran inside a request transaction: mark the procedure with callsModel().");
  const resolved = registry.resolve(opts.tier);
  let step: StepSnapshot | null = null;
  const started = performance.now();
  let result: Awaited<ReturnType<typeof generateText>>;
  let object: OUT | undefined;
  try {
    result = await generateText({
      model: resolved.model,
      system: opts.system,
      messages: opts.messages,
      tools: opts.tools ? toToolSet(opts.tools) : undefined,
      output: opts.output ? Output.object({ schema: opts.output }) : undefined,
      stopWhen: stepCountIs(1),
      maxRetries: registry.config.maxRetries,
      timeout: registry.config.timeoutMs,
      maxOutputTokens: opts.maxOutputTokens,
      abortSignal: opts.abortSignal,
      // Real providers ignore this key; the offline model reads it to know what it is answering.
      providerOptions: { aios: { purpose: opts.purpose, tier: opts.tier } },
      onStepFinish: (s) => {
        step = { usage: toTokenUsage(s.usage), finishReason: s.finishReason };
      },
    });
    // Asked for an object and got neither one nor tool calls (empty answer, cut off): a failed call.
    if (opts.output && result.finishReason !== "tool-calls") object = result.output as OUT;
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    const failure = describeFailure(error, { cancelledByCaller: opts.abortSignal?.aborted });
    // A step that finished but failed to parse was still billed: keep its tokens and cost.
    const usage = (step as StepSnapshot | null)?.usage ?? { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
    const costUsd = costOf(resolved.provider, resolved.modelId, usage);
    const llmCallId = await recordCall(opts, resolved, { usage, costUsd, latencyMs, status: "error", error: failure.message });
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
  const usage = toTokenUsage(result.usage);
  const costUsd = costOf(resolved.provider, resolved.modelId, usage);
  const llmCallId = await recordCall(opts, resolved, { usage, costUsd, latencyMs, status: "ok" });
  return {
    text: result.text,
    toolCalls: result.toolCalls.map((c) => ({
      toolCallId: c.toolCallId,
      toolName: c.toolName,
      input: c.input,
      ...(c.invalid ? { invalid: true as const, error: errorText(c.error) } : {}),
    })),
    ...(object !== undefined ? { object } : {}),
    finishReason: result.finishReason,
    usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cachedInputTokens: usage.cachedInputTokens },
    costUsd,
    llmCallId,
    latencyMs,
    provider: resolved.provider,
    modelId: resolved.modelId,
    responseMessages: result.response.messages,
  };
}

function toToolSet(tools: Record<string, ToolSpec>): ToolSet {
  const set: ToolSet = {};
  for (const [name, spec] of Object.entries(tools)) {
    set[name] = tool({ description: spec.description, inputSchema: spec.inputSchema });
  }
  return set;
}

function toTokenUsage(u: {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  inputTokenDetails?: { cacheReadTokens: number | undefined; cacheWriteTokens: number | undefined };
}): TokenUsage {
  return {
    inputTokens: u.inputTokens ?? 0,
    outputTokens: u.outputTokens ?? 0,
    cachedInputTokens: u.inputTokenDetails?.cacheReadTokens ?? 0,
    cacheWriteTokens: u.inputTokenDetails?.cacheWriteTokens ?? 0,
  };
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : e === undefined ? "invalid tool call" : String(e));

async function recordCall(
  opts: GenerateOptions<unknown>,
  resolved: ResolvedModel,
  outcome: { usage: TokenUsage; costUsd: number; latencyMs: number; status: "ok" | "error"; error?: string },
): Promise<string> {
  const { scope } = opts;
  return withEvents(async (tx, emit) => {
    const row = await tx.llmCall.create({
      data: {
        orgId: scope.orgId,
        projectId: scope.projectId ?? null,
        taskId: scope.taskId ?? null,
        runId: scope.runId ?? null,
        userId: scope.userId ?? null,
        purpose: opts.purpose,
        provider: resolved.provider,
        model: resolved.modelId,
        tokensIn: outcome.usage.inputTokens,
        tokensOut: outcome.usage.outputTokens,
        tokensCached: outcome.usage.cachedInputTokens,
        costUsd: outcome.costUsd.toFixed(6),
        latencyMs: outcome.latencyMs,
        status: outcome.status,
        error: outcome.error ?? null,
      },
    });
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
      },
    });
    return row.id;
  });
}
