import { describe, expect, it } from "vitest";
import { callModel, listedOneShot, usageFromRaw } from "./call-model";
import type { GenerateOptions, StreamDelta } from "./gateway";
import { createOfflineModel, OFFLINE_MODEL_ID } from "./offline";
import { FREE_PRICE } from "./prices";
import type { ResolvedModel } from "./registry";

// Streamed attempts with the offline model, and AIOS_ONE_SHOT_TOOL_MODELS (models whose streams drop tool calls).

describe("listedOneShot", () => {
  const llama = { provider: "compatible" as const, modelId: "llama3.1" };
  it("matches provider:model and provider:*, and nothing else", () => {
    expect(listedOneShot("compatible:llama3.1", llama)).toBe(true);
    expect(listedOneShot(" openai:gpt-4o , compatible:* ", llama)).toBe(true);
    expect(listedOneShot("compatible:llama3.2", llama)).toBe(false);
    expect(listedOneShot("openai:*", llama)).toBe(false);
    expect(listedOneShot("llama3.1", llama)).toBe(false);
    expect(listedOneShot(undefined, llama)).toBe(false);
  });
});

describe("callModel with onDelta", () => {
  const resolvedWith = (delayMs: number) =>
    ({
      provider: "offline",
      modelId: OFFLINE_MODEL_ID,
      label: "Offline demo model",
      isOffline: true,
      model: createOfflineModel({ delayMs }),
      price: FREE_PRICE,
      contextWindow: 128_000,
      maxOutputTokens: 8_000,
      entryId: null,
    }) satisfies ResolvedModel;
  const opts = (onDelta: (d: StreamDelta) => void) =>
    ({ purpose: "chat", tier: "fast", system: '<aios purpose="chat"/>', messages: [{ role: "user", content: "hello" }], scope: { orgId: "o" }, onDelta }) satisfies GenerateOptions;
  const limits = { maxRetries: 0, timeoutMs: 10_000, maxOutputTokens: 2_000 };

  it("streams a model that writes over time, piece by piece", async () => {
    const deltas: StreamDelta[] = [];
    const answer = await callModel(resolvedWith(40), opts((d) => deltas.push(d)), limits);
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.map((d) => (d.type === "text" ? d.text : "")).join("")).toBe(answer.text);
  });

  it("asks a model whose answer is there at once one-shot, with nothing to send live", async () => {
    const deltas: StreamDelta[] = [];
    const answer = await callModel(resolvedWith(0), opts((d) => deltas.push(d)), limits);
    expect(answer.text.length).toBeGreaterThan(100);
    expect(deltas).toEqual([]);
  });
});

describe("usageFromRaw", () => {
  it("reads what a provider's raw stream chunks say was billed", () => {
    const start = { type: "message_start", message: { usage: { input_tokens: 500, output_tokens: 1, cache_read_input_tokens: 100, cache_creation_input_tokens: 40 } } };
    const afterStart = usageFromRaw(start, null);
    expect(afterStart).toEqual({ inputTokens: 640, outputTokens: 1, cachedInputTokens: 100, cacheWriteTokens: 40 });
    expect(usageFromRaw({ type: "message_delta", usage: { output_tokens: 77 } }, afterStart)).toMatchObject({ inputTokens: 640, outputTokens: 77 });
    expect(usageFromRaw({ choices: [], usage: { prompt_tokens: 300, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 128 } } }, null)).toEqual({
      inputTokens: 300,
      outputTokens: 20,
      cachedInputTokens: 128,
      cacheWriteTokens: 0,
    });
    expect(usageFromRaw({ choices: [{ delta: { content: "hi" } }] }, null)).toBeNull();
    expect(usageFromRaw("garbage", afterStart)).toBe(afterStart);
  });
});
