import { describe, expect, it } from "vitest";
import { cacheSavingsOf, costOf, estimateCostFor, priceOf } from "./prices";

const at = (provider: string, modelId: string) => priceOf(provider, modelId);

describe("prices", () => {
  it("prices known models from the dated table, snapshots by their base name, and flags unknown ones", () => {
    expect(priceOf("openai", "gpt-4o-mini")).toMatchObject({ priced: true, priceId: null, inputPerMTok: 0.15, outputPerMTok: 0.6 });
    expect(priceOf("openai", "gpt-4o-mini-2024-07-18")).toEqual(priceOf("openai", "gpt-4o-mini"));
    expect(priceOf("anthropic", "claude-sonnet-4-5-20250929")).toMatchObject({ priced: true, inputPerMTok: 3 });
    expect(priceOf("anthropic", "claude-3-5-haiku-latest").priced).toBe(true);
    expect(priceOf("compatible", "llama3.1")).toMatchObject({ priced: false, inputPerMTok: 0, outputPerMTok: 0 });
    expect(priceOf("openai", "gpt-4o-mini-audio-preview").priced).toBe(false); // no prefix guessing
    expect(priceOf("offline", "aios-offline-1")).toMatchObject({ priced: true, inputPerMTok: 0 });
  });

  it("charges cached input at the cached rate and rounds to 6 decimals", () => {
    // gpt-4o-mini: 0.15 in, 0.6 out, 0.075 cached per million.
    const mini = at("openai", "gpt-4o-mini");
    expect(costOf(mini, { inputTokens: 1_000_000, outputTokens: 0, cachedInputTokens: 0 })).toBe(0.15);
    expect(costOf(mini, { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 400 })).toBe(0.00042); // (600 × 0.15 + 400 × 0.075 + 500 × 0.6) / 1e6
    expect(costOf(mini, { inputTokens: 1, outputTokens: 0, cachedInputTokens: 0 })).toBe(0); // 0.00000015 → 0
    expect(costOf(at("anthropic", "claude-sonnet-4-5"), { inputTokens: 7, outputTokens: 3, cachedInputTokens: 0 })).toBe(0.000066);
    expect(cacheSavingsOf(mini, { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 400 })).toBe(0.00003); // 400 × (0.15 − 0.075)
  });

  it("charges Anthropic cache writes at 1.25x input", () => {
    expect(
      costOf(at("anthropic", "claude-sonnet-4-5"), { inputTokens: 1_000_000, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 1_000_000 }),
    ).toBe(3.75);
  });

  it("costs what the given price says, whatever the model", () => {
    const edited = { inputPerMTok: 10, outputPerMTok: 20, cachedReadPerMTok: 1, cacheWritePerMTok: 12 };
    // 500 uncached × 10 + 300 cached × 1 + 200 written × 12 + 100 out × 20 = 9700 per million.
    expect(costOf(edited, { inputTokens: 1000, outputTokens: 100, cachedInputTokens: 300, cacheWriteTokens: 200 })).toBe(0.0097);
  });

  it("costs nothing for offline and unknown models", () => {
    const usage = { inputTokens: 123_456, outputTokens: 7890, cachedInputTokens: 0 };
    expect(costOf(at("offline", "aios-offline-1"), usage)).toBe(0);
    expect(costOf(at("compatible", "llama3.1"), usage)).toBe(0);
  });

  it("estimates plans at 70% input and 30% output", () => {
    // claude-sonnet-4-5: 700k × $3 + 300k × $15 per million = 2.1 + 4.5.
    expect(estimateCostFor("anthropic", "claude-sonnet-4-5", 1_000_000)).toBe(6.6);
    expect(estimateCostFor("offline", "aios-offline-1", 1_000_000)).toBe(0);
  });
});
