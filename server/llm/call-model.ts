import "server-only";
import { generateText, Output, stepCountIs, tool, type ModelMessage, type ToolSet } from "ai";
import type { GenerateOptions, ToolCallRequest, ToolSpec } from "./gateway";
import type { TokenUsage } from "./prices";
import type { ResolvedModel } from "./registry";

// One attempt at one provider: the only place the AI SDK is asked for an answer. The gateway around it
// decides which model, how many attempts, and records each one.

export type ModelAnswer<OUT = unknown> = {
  text: string;
  toolCalls: ToolCallRequest[];
  object?: OUT;
  finishReason: string;
  usage: TokenUsage;
  responseMessages: ModelMessage[];
};

export type AttemptLimits = { maxRetries: number; timeoutMs: number; maxOutputTokens: number };

/** A failed attempt, with what the provider billed before it failed (a step that answered but did not parse). */
export class AttemptFailure extends Error {
  constructor(
    readonly cause: unknown,
    readonly usage: TokenUsage | null,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "AttemptFailure";
  }
}

export async function callModel<OUT>(resolved: ResolvedModel, opts: GenerateOptions<OUT>, limits: AttemptLimits): Promise<ModelAnswer<OUT>> {
  let billed: TokenUsage | null = null;
  try {
    const result = await generateText({
      model: resolved.model,
      system: opts.system,
      messages: opts.messages,
      tools: opts.tools ? toToolSet(opts.tools) : undefined,
      output: opts.output ? Output.object({ schema: opts.output }) : undefined,
      stopWhen: stepCountIs(1),
      maxRetries: limits.maxRetries,
      timeout: limits.timeoutMs,
      maxOutputTokens: limits.maxOutputTokens,
      abortSignal: opts.abortSignal,
      // Real providers ignore this key; the offline model reads it to know what it is answering.
      providerOptions: { aios: { purpose: opts.purpose, tier: opts.tier } },
      onStepFinish: (s) => {
        billed = toTokenUsage(s.usage);
      },
    });
    // Asked for an object and got neither one nor tool calls (empty answer, cut off): a failed call.
    const object = opts.output && result.finishReason !== "tool-calls" ? (result.output as OUT) : undefined;
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
      usage: toTokenUsage(result.usage),
      responseMessages: result.response.messages,
    };
  } catch (error) {
    throw new AttemptFailure(error, billed);
  }
}

function toToolSet(tools: Record<string, ToolSpec>): ToolSet {
  const set: ToolSet = {};
  for (const [name, spec] of Object.entries(tools)) {
    set[name] = tool({ description: spec.description, inputSchema: spec.inputSchema });
  }
  return set;
}

export function toTokenUsage(u: {
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
