import { describe, expect, it } from "vitest";
import type { GenerateResult } from "@/server/llm";
import { toCompletion } from "./completion";
import { OpenAiError } from "./openai-error";
import { ChunkWriter } from "./stream";

// The answer half: a gateway result as chat.completion, and deltas as chat.completion.chunk events in
// OpenAI's order (role first, pieces, finish, optional usage, [DONE]).

const result = (over: Partial<GenerateResult> = {}): GenerateResult =>
  ({
    text: "Hello there",
    toolCalls: [],
    finishReason: "stop",
    usage: { inputTokens: 12, outputTokens: 3, cachedInputTokens: 2 },
    costUsd: 0.0001,
    llmCallId: "call-row-1",
    latencyMs: 5,
    provider: "compatible",
    modelId: "loop",
    responseMessages: [],
    cacheHit: false,
    ...over,
  }) as GenerateResult;

const meta = { id: "chatcmpl-x", created: 1_700_000_000, model: "aios/fast" };
const events = (sse: string) =>
  sse
    .split("\n\n")
    .filter(Boolean)
    .map((f) => f.replace(/^data: /, ""))
    .map((d) => (d === "[DONE]" ? d : JSON.parse(d)));

describe("chat.completion", () => {
  it("carries the text, tool calls (content null), finish reason and usage", () => {
    expect(toCompletion(result(), meta)).toMatchObject({
      id: "chatcmpl-x",
      object: "chat.completion",
      choices: [{ index: 0, message: { role: "assistant", content: "Hello there" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15, prompt_tokens_details: { cached_tokens: 2 } },
    });
    const tools = toCompletion(result({ text: "", finishReason: "tool-calls", toolCalls: [{ toolCallId: "c1", toolName: "f", input: { a: 1 } }] }), meta);
    expect(tools.choices[0]!.message).toEqual({ role: "assistant", content: null, refusal: null, tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: '{"a":1}' } }] });
    expect(tools.choices[0]!.finish_reason).toBe("tool_calls");
    expect(toCompletion(result({ object: { n: 3 } }), meta).choices[0]!.message.content).toBe('{"n":3}');
  });
});

describe("chat.completion.chunk stream", () => {
  it("streams deltas, then the finish chunk, the usage chunk and [DONE]", () => {
    const w = new ChunkWriter(meta);
    const sse = w.delta({ type: "text", text: "Hello" }) + w.delta({ type: "text", text: " there" }) + w.finish(result(), true);
    const e = events(sse);
    expect(e.map((x) => (x === "[DONE]" ? x : (x.choices[0]?.delta ?? "usage")))).toEqual([
      { role: "assistant", content: "Hello" },
      { content: " there" },
      {},
      "usage",
      "[DONE]",
    ]);
    expect(e[2].choices[0].finish_reason).toBe("stop");
    expect(e[3]).toMatchObject({ object: "chat.completion.chunk", choices: [], usage: { total_tokens: 15 } });
  });

  it("sends what the deltas did not carry from the final result (a one-piece answer, unstreamed tool calls)", () => {
    const w = new ChunkWriter(meta);
    const call = { toolCallId: "c1", toolName: "f", input: { a: 1 } };
    const e = events(w.finish(result({ text: "All at once", toolCalls: [call] }), false));
    expect(e.slice(0, -1).map((x) => x.choices[0].delta)).toEqual([
      { role: "assistant", content: "All at once" },
      { tool_calls: [{ index: 0, id: "c1", type: "function", function: { name: "f", arguments: '{"a":1}' } }] },
      {},
    ]);
    const streamed = new ChunkWriter(meta);
    const s = streamed.delta({ type: "tool-input-start", toolCallId: "c1", toolName: "f" }) + streamed.delta({ type: "tool-input", toolCallId: "c1", delta: '{"a":1}' });
    const all = events(s + streamed.finish(result({ text: "", toolCalls: [call] }), false));
    expect(all.filter((x) => x !== "[DONE]" && x.choices[0].delta.tool_calls)).toHaveLength(2); // not repeated at the end
  });

  it("ends a failed stream with OpenAI's error object", () => {
    const e = events(new ChunkWriter(meta).fail(new OpenAiError(502, "The model provider returned an error: 500", { type: "server_error", code: "upstream_error" })));
    expect(e).toEqual([{ error: { message: "The model provider returned an error: 500", type: "server_error", param: null, code: "upstream_error" } }, "[DONE]"]);
  });
});
