import "server-only";
import type { GenerateResult } from "@/server/llm";

// A gateway result → OpenAI's chat.completion object (and the parts the streamed chunks share).

export type CompletionMeta = { id: string; created: number; model: string };

const FINISH: Record<string, string> = { stop: "stop", length: "length", "content-filter": "content_filter", "tool-calls": "tool_calls" };

export const finishReasonOf = (r: GenerateResult) => (r.toolCalls.length ? "tool_calls" : (FINISH[r.finishReason] ?? "stop"));

/** The answer's text: the structured object as JSON when response_format asked for one. */
export const contentOf = (r: GenerateResult): string => (r.object !== undefined ? JSON.stringify(r.object) : r.text);

export const toolCallsOf = (r: GenerateResult) =>
  r.toolCalls.map((c) => ({ id: c.toolCallId, type: "function" as const, function: { name: c.toolName, arguments: argumentsOf(c.input) } }));

const argumentsOf = (input: unknown) => (typeof input === "string" ? input : JSON.stringify(input ?? {}));

export function usageOf(r: GenerateResult) {
  const { inputTokens, outputTokens, cachedInputTokens } = r.usage;
  return { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens, prompt_tokens_details: { cached_tokens: cachedInputTokens } };
}

export function completionMeta(r: Pick<GenerateResult, "llmCallId">, model: string): CompletionMeta {
  return { id: `chatcmpl-${r.llmCallId}`, created: Math.floor(Date.now() / 1000), model };
}

export function toCompletion(r: GenerateResult, meta: CompletionMeta) {
  const toolCalls = toolCallsOf(r);
  const content = contentOf(r);
  return {
    id: meta.id,
    object: "chat.completion" as const,
    created: meta.created,
    model: meta.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant" as const, content: content === "" && toolCalls.length ? null : content, refusal: null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
        logprobs: null,
        finish_reason: finishReasonOf(r),
      },
    ],
    usage: usageOf(r),
  };
}

/** What AIOS did with the call, for clients that want it: the LlmCall, cost, cache and routing. */
export function aiosHeaders(r: GenerateResult): Record<string, string> {
  return {
    "x-aios-llm-call-id": r.llmCallId,
    "x-aios-model": `${r.provider}:${r.modelId}`,
    "x-aios-cost-usd": r.costUsd.toFixed(6),
    "x-aios-cache": r.cacheHit ? "hit" : "miss",
  };
}
