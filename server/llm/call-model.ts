import "server-only";
import { APICallError, generateText, Output, stepCountIs, streamText, tool, type ModelMessage, type ToolSet } from "ai";
import { env } from "@/server/env";
import { withPromptCaching } from "./cache";
import type { AnswersInstantly } from "./offline";
import type { GenerateOptions, StreamDelta, ToolCallRequest, ToolSpec } from "./gateway";
import type { TokenUsage } from "./prices";
import type { ResolvedModel } from "./registry";

// One attempt at one provider: the only place the AI SDK is asked for an answer. The gateway around it
// decides which model, how many attempts, and records each one. With `onDelta` the answer is streamed
// (streamText) and assembled into the same ModelAnswer a one-shot call returns.

export type ModelAnswer<OUT = unknown> = {
  text: string;
  toolCalls: ToolCallRequest[];
  object?: OUT;
  finishReason: string;
  usage: TokenUsage;
  responseMessages: ModelMessage[];
  /**
   * Set when a streamed call was answered by a one-shot call instead: the provider drops tool calls from
   * its streams (Ollama does). The usage then covers both requests, since both were billed.
   */
  oneShotFallback?: string;
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

/** The stream ended before the provider said it had finished (a cut connection, a crashed server). */
export class TruncatedStreamError extends Error {
  constructor() {
    super("The model's answer stream ended before it finished (the connection was cut or the provider stopped sending).");
    this.name = "TruncatedStreamError";
  }
}

const DROPS_STREAMED_TOOL_CALLS = "The provider sent no tool calls in its stream, so the step was asked again without streaming.";
const KNOWN_ONE_SHOT = "Asked without streaming: this model drops tool calls from streamed answers.";

// Models seen dropping streamed tool calls, by provider connection and model: later calls with tools go
// one-shot at once rather than pay for a stream that is thrown away every time.
const g = globalThis as { __aiosOneShotTools?: Set<string> };
const oneShotTools = (g.__aiosOneShotTools ??= new Set());
const modelKey = (resolved: ResolvedModel) => `${resolved.entryId ?? "env"}|${resolved.provider}|${resolved.modelId}`;

/** Is the model in AIOS_ONE_SHOT_TOOL_MODELS ("compatible:llama3.1,compatible:*")? */
export function listedOneShot(list: string | undefined, resolved: Pick<ResolvedModel, "provider" | "modelId">): boolean {
  if (!list) return false;
  return list.split(",").some((item) => {
    const ref = item.trim();
    const at = ref.indexOf(":");
    if (at < 0) return false;
    const model = ref.slice(at + 1);
    return ref.slice(0, at) === resolved.provider && (model === "*" || model === resolved.modelId);
  });
}

export async function callModel<OUT>(resolved: ResolvedModel, opts: GenerateOptions<OUT>, limits: AttemptLimits): Promise<ModelAnswer<OUT>> {
  const onDelta = opts.onDelta;
  if (!onDelta) return oneShot(resolved, opts, limits);
  // An answer that is complete at once has nothing to show live (its stored step follows at once): ask
  // one-shot and send no deltas, which in server mode would each cost a NOTIFY for nothing.
  if ((resolved.model as AnswersInstantly).answersInstantly) return oneShot(resolved, opts, limits);
  const hasTools = Boolean(opts.tools && Object.keys(opts.tools).length);
  if (hasTools && (oneShotTools.has(modelKey(resolved)) || listedOneShot(env.AIOS_ONE_SHOT_TOOL_MODELS, resolved))) {
    const answer = await oneShot(resolved, opts, limits);
    replay(answer, safe(onDelta));
    return { ...answer, oneShotFallback: KNOWN_ONE_SHOT };
  }
  const streamed = await streamAnswer(resolved, opts, limits, safe(onDelta));
  // The stream said "tool calls" but carried none: the provider lost them on the way (Ollama's streams
  // do). Ask again without streaming, and remember the model does this.
  if (!(hasTools && streamed.finishReason === "tool-calls" && streamed.toolCalls.length === 0)) return streamed;
  oneShotTools.add(modelKey(resolved));
  let answer: ModelAnswer<OUT>;
  try {
    answer = await oneShot(resolved, opts, limits);
  } catch (failed) {
    // Both requests were billed: the failure carries the stream's tokens as well.
    if (failed instanceof AttemptFailure) throw new AttemptFailure(failed.cause, addUsage(streamed.usage, failed.usage));
    throw failed;
  }
  safe(onDelta)({ type: "reset" });
  replay(answer, safe(onDelta));
  return { ...answer, usage: addUsage(streamed.usage, answer.usage)!, oneShotFallback: DROPS_STREAMED_TOOL_CALLS };
}

/** The request as both paths send it, with the provider's prompt-caching hints (cache/prompt-caching.ts). */
function request<OUT>(resolved: ResolvedModel, opts: GenerateOptions<OUT>, limits: AttemptLimits) {
  const prompt = withPromptCaching(resolved, { system: opts.system, messages: opts.messages, tools: opts.tools ? toToolSet(opts.tools) : undefined });
  return {
    model: resolved.model,
    system: prompt.system,
    messages: prompt.messages,
    tools: prompt.tools,
    output: opts.output ? Output.object({ schema: opts.output }) : undefined,
    stopWhen: stepCountIs(1),
    maxRetries: limits.maxRetries,
    maxOutputTokens: limits.maxOutputTokens,
    ...(opts.temperature !== undefined ? { temperature: opts.temperature } : {}),
    ...(opts.toolChoice !== undefined ? { toolChoice: opts.toolChoice } : {}),
    ...(opts.stopSequences?.length ? { stopSequences: opts.stopSequences } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    // Real providers ignore the "aios" key; the offline model reads it to know what it is answering.
    providerOptions: { ...prompt.providerOptions, aios: { purpose: opts.purpose, tier: opts.tier } },
  };
}

async function oneShot<OUT>(resolved: ResolvedModel, opts: GenerateOptions<OUT>, limits: AttemptLimits): Promise<ModelAnswer<OUT>> {
  let billed: TokenUsage | null = null;
  try {
    const result = await generateText({
      ...request(resolved, opts, limits),
      timeout: limits.timeoutMs,
      abortSignal: opts.abortSignal,
      onStepFinish: (s) => {
        billed = toTokenUsage(s.usage);
      },
    });
    // Asked for an object and got neither one nor tool calls (empty answer, cut off): a failed call.
    const object = opts.output && result.finishReason !== "tool-calls" ? (result.output as OUT) : undefined;
    return {
      text: result.text,
      toolCalls: result.toolCalls.map(toRequest),
      ...(object !== undefined ? { object } : {}),
      finishReason: result.finishReason,
      usage: toTokenUsage(result.usage),
      responseMessages: result.response.messages,
    };
  } catch (error) {
    throw new AttemptFailure(error, billed);
  }
}

/**
 * The streamed attempt: every text and tool-input piece goes to `emit` as it arrives; the answer is
 * assembled from the finished stream. A stream that errors, is aborted or ends without the provider's
 * finish throws AttemptFailure with the tokens billed so far (when the provider said).
 */
async function streamAnswer<OUT>(resolved: ResolvedModel, opts: GenerateOptions<OUT>, limits: AttemptLimits, emit: (d: StreamDelta) => void): Promise<ModelAnswer<OUT>> {
  // Our own timeout signal, so an abort part can say whether the caller or the clock stopped the stream.
  const timer = AbortSignal.timeout(limits.timeoutMs);
  const signal = opts.abortSignal ? AbortSignal.any([opts.abortSignal, timer]) : timer;
  let billed: TokenUsage | null = null;
  // What the provider's own chunks said it billed so far: a stream cut before its finish still cost that.
  let rawBilled: TokenUsage | null = null;
  let failure: unknown = null;
  let finishReason: string | null = null;
  let rawFinishReason: string | undefined;
  try {
    const result = streamText({
      ...request(resolved, opts, limits),
      abortSignal: signal,
      // The error arrives as an "error" part below; without this the SDK logs it to the console.
      onError: () => {},
      includeRawChunks: true,
    });
    for await (const part of result.fullStream) {
      switch (part.type) {
        case "text-delta":
          if (part.text) emit({ type: "text", text: part.text });
          break;
        case "tool-input-start":
          emit({ type: "tool-input-start", toolCallId: part.id, toolName: part.toolName });
          break;
        case "tool-input-delta":
          if (part.delta) emit({ type: "tool-input", toolCallId: part.id, delta: part.delta });
          break;
        case "finish-step":
          billed = toTokenUsage(part.usage);
          finishReason = part.finishReason;
          rawFinishReason = part.rawFinishReason;
          break;
        case "raw":
          rawBilled = usageFromRaw(part.rawValue, rawBilled);
          break;
        case "error":
          failure ??= isCutStream(part.error) ? new TruncatedStreamError() : part.error;
          break;
        case "abort":
          failure ??= timer.aborted ? timer.reason : (opts.abortSignal?.reason ?? new DOMException("The model call was aborted.", "AbortError"));
          break;
      }
    }
    if (failure) throw failure;
    // OpenAI's client ends a cut stream with "other" and no raw reason; others send an error part.
    if (finishReason === null || finishReason === "error" || (finishReason === "other" && rawFinishReason === undefined)) throw new TruncatedStreamError();
    const [text, toolCalls, response] = await Promise.all([result.text, result.toolCalls, result.response]);
    const object = opts.output && finishReason !== "tool-calls" ? ((await result.output) as OUT) : undefined;
    return {
      text,
      toolCalls: toolCalls.map(toRequest),
      ...(object !== undefined ? { object } : {}),
      finishReason,
      usage: billed ?? toTokenUsage({ inputTokens: 0, outputTokens: 0 }),
      responseMessages: response.messages,
    };
  } catch (error) {
    // A cut stream's finish (when the client sends one) carries no usage: the raw chunks know better.
    const usage = billed && (billed.inputTokens || billed.outputTokens) ? billed : (rawBilled ?? billed);
    throw new AttemptFailure(isCutStream(error) ? new TruncatedStreamError() : error, usage);
  }
}

/**
 * Usage as a provider's raw stream chunks state it, before the SDK's finish (which a cut stream never
 * reaches): Anthropic's message_start (input) and message_delta (output), an OpenAI-style usage chunk.
 */
export function usageFromRaw(raw: unknown, prev: TokenUsage | null): TokenUsage | null {
  if (!raw || typeof raw !== "object") return prev;
  const r = raw as { type?: unknown; message?: { usage?: AnthropicUsage }; usage?: AnthropicUsage & OpenAIUsage };
  const base = prev ?? { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 };
  if (r.type === "message_start" && r.message?.usage) {
    const u = r.message.usage;
    const read = num(u.cache_read_input_tokens);
    const write = num(u.cache_creation_input_tokens);
    return { ...base, inputTokens: num(u.input_tokens) + read + write, cachedInputTokens: read, cacheWriteTokens: write, outputTokens: Math.max(base.outputTokens, num(u.output_tokens)) };
  }
  if (r.type === "message_delta" && r.usage) return { ...base, outputTokens: Math.max(base.outputTokens, num(r.usage.output_tokens)) };
  if (r.usage && typeof r.usage.prompt_tokens === "number") {
    return {
      ...base,
      inputTokens: r.usage.prompt_tokens,
      outputTokens: num(r.usage.completion_tokens),
      cachedInputTokens: num(r.usage.prompt_tokens_details?.cached_tokens),
    };
  }
  return prev;
}

type AnthropicUsage = { input_tokens?: number; output_tokens?: number; cache_read_input_tokens?: number | null; cache_creation_input_tokens?: number | null };
type OpenAIUsage = { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } };
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** How the providers' clients report a stream cut short: no finish reason, or the body ended mid-read ("terminated"). */
const isCutStream = (e: unknown) =>
  (APICallError.isInstance(e) && e.statusCode !== undefined && e.statusCode < 300) ||
  (e instanceof Error && /ended without a finish reason|^terminated$/i.test(e.message));

/** A one-shot answer shown as deltas: its text at once, then each tool call's whole input. */
function replay(answer: ModelAnswer<unknown>, emit: (d: StreamDelta) => void) {
  if (answer.text) emit({ type: "text", text: answer.text });
  for (const c of answer.toolCalls) {
    emit({ type: "tool-input-start", toolCallId: c.toolCallId, toolName: c.toolName });
    emit({ type: "tool-input", toolCallId: c.toolCallId, delta: typeof c.input === "string" ? c.input : JSON.stringify(c.input) });
  }
}

/** The caller's delta handler must never break the call it watches. */
function safe(onDelta: (d: StreamDelta) => void): (d: StreamDelta) => void {
  return (d) => {
    try {
      onDelta(d);
    } catch {
      // A failing display is the display's problem; the answer is still assembled and recorded.
    }
  };
}

function toRequest(c: { toolCallId: string; toolName: string; input: unknown; invalid?: boolean; error?: unknown }): ToolCallRequest {
  return {
    toolCallId: c.toolCallId,
    toolName: c.toolName,
    input: c.input,
    ...(c.invalid ? { invalid: true as const, error: errorText(c.error) } : {}),
  };
}

function addUsage(a: TokenUsage, b: TokenUsage | null): TokenUsage {
  if (!b) return a;
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    cacheWriteTokens: (a.cacheWriteTokens ?? 0) + (b.cacheWriteTokens ?? 0),
  };
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
