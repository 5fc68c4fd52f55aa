import "server-only";

// List prices in USD per million tokens, as published by OpenAI and Anthropic in November 2025
// (Anthropic: standard context, 5-minute cache writes). Check the providers' pricing pages before
// relying on them for billing. A model missing here costs 0 and is reported as `priced: false`.

export type Price = {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Input tokens read from the provider's prompt cache. */
  cachedInputPerMTok: number;
  /** Input tokens written to the prompt cache (Anthropic charges extra; OpenAI does not). */
  cacheWritePerMTok?: number;
};

const anthropic = (input: number, output: number): Price => ({
  inputPerMTok: input,
  outputPerMTok: output,
  cachedInputPerMTok: input / 10,
  cacheWritePerMTok: input * 1.25,
});

export const PRICES: Record<string, Price> = {
  "openai:gpt-5": { inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125 },
  "openai:gpt-5.1": { inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125 },
  "openai:gpt-5-mini": { inputPerMTok: 0.25, outputPerMTok: 2, cachedInputPerMTok: 0.025 },
  "openai:gpt-5-nano": { inputPerMTok: 0.05, outputPerMTok: 0.4, cachedInputPerMTok: 0.005 },
  "openai:gpt-4.1": { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 },
  "openai:gpt-4.1-mini": { inputPerMTok: 0.4, outputPerMTok: 1.6, cachedInputPerMTok: 0.1 },
  "openai:gpt-4.1-nano": { inputPerMTok: 0.1, outputPerMTok: 0.4, cachedInputPerMTok: 0.025 },
  "openai:gpt-4o": { inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25 },
  "openai:gpt-4o-mini": { inputPerMTok: 0.15, outputPerMTok: 0.6, cachedInputPerMTok: 0.075 },
  "openai:o3": { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 },
  "openai:o4-mini": { inputPerMTok: 1.1, outputPerMTok: 4.4, cachedInputPerMTok: 0.275 },
  "openai:o3-mini": { inputPerMTok: 1.1, outputPerMTok: 4.4, cachedInputPerMTok: 0.55 },
  "anthropic:claude-opus-4-5": anthropic(5, 25),
  "anthropic:claude-opus-4-1": anthropic(15, 75),
  "anthropic:claude-opus-4-0": anthropic(15, 75),
  "anthropic:claude-opus-4": anthropic(15, 75),
  "anthropic:claude-sonnet-4-5": anthropic(3, 15),
  "anthropic:claude-sonnet-4-0": anthropic(3, 15),
  "anthropic:claude-sonnet-4": anthropic(3, 15),
  "anthropic:claude-3-7-sonnet": anthropic(3, 15),
  "anthropic:claude-haiku-4-5": anthropic(1, 5),
  "anthropic:claude-3-5-haiku": anthropic(0.8, 4),
  "anthropic:claude-3-haiku": anthropic(0.25, 1.25),
};

const FREE: Price = { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 };

// Snapshot ids carry a date: gpt-4o-mini-2024-07-18, claude-sonnet-4-5-20250929, claude-3-7-sonnet-latest.
const SNAPSHOT_SUFFIX = /-(\d{4}-\d{2}-\d{2}|\d{8}|latest)$/;

/** The price of a model; the offline model is free and priced, unknown models are free and unpriced. */
export function priceOf(provider: string, modelId: string): { price: Price; priced: boolean } {
  if (provider === "offline") return { price: FREE, priced: true };
  const exact = PRICES[`${provider}:${modelId}`] ?? PRICES[`${provider}:${modelId.replace(SNAPSHOT_SUFFIX, "")}`];
  return exact ? { price: exact, priced: true } : { price: FREE, priced: false };
}

export type TokenUsage = {
  /** All input tokens, cached ones included (the AI SDK's `inputTokens`). */
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens?: number;
};

export const roundUsd = (usd: number) => Math.round(usd * 1e6) / 1e6;

/** What a call cost in USD, rounded to 6 decimals (the LlmCall.costUsd column). */
export function costOf(provider: string, modelId: string, usage: TokenUsage): number {
  const { price } = priceOf(provider, modelId);
  const cached = Math.max(0, usage.cachedInputTokens);
  const written = Math.max(0, usage.cacheWriteTokens ?? 0);
  const uncached = Math.max(0, usage.inputTokens - cached - written);
  const usd =
    uncached * price.inputPerMTok +
    cached * price.cachedInputPerMTok +
    written * (price.cacheWritePerMTok ?? price.inputPerMTok) +
    Math.max(0, usage.outputTokens) * price.outputPerMTok;
  return roundUsd(usd / 1e6);
}

/** A plan estimate for `tokens` in total, assuming about 70% input and 30% output, nothing cached. */
export function estimateCostFor(provider: string, modelId: string, tokens: number): number {
  const input = Math.round(tokens * 0.7);
  return costOf(provider, modelId, { inputTokens: input, outputTokens: tokens - input, cachedInputTokens: 0 });
}
