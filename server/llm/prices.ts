import "server-only";
import { tableModel, type TablePrice } from "@/server/governance/catalog/price-table";

// Costing a call: the price comes with the resolved model (the org's catalog version, or the dated
// table for a model the catalog does not hold); the LlmCall keeps that version's id.

export type Price = TablePrice & {
  /** The ModelPrice row (null: the dated table or the offline model, not a catalog version). */
  priceId: string | null;
  /** False for a model nobody priced: it costs 0 and the UI says "unpriced". */
  priced: boolean;
};

export const FREE_PRICE: Price = { priceId: null, priced: true, inputPerMTok: 0, outputPerMTok: 0, cachedReadPerMTok: 0, cacheWritePerMTok: 0 };
const UNPRICED: Price = { ...FREE_PRICE, priced: false };

/** The dated table's price of a model: the offline model is free and priced, unknown models are free and unpriced. */
export function priceOf(provider: string, modelId: string): Price {
  if (provider === "offline") return FREE_PRICE;
  const t = tableModel(provider, modelId);
  return t
    ? { priceId: null, priced: true, inputPerMTok: t.inputPerMTok, outputPerMTok: t.outputPerMTok, cachedReadPerMTok: t.cachedReadPerMTok, cacheWritePerMTok: t.cacheWritePerMTok }
    : UNPRICED;
}

export type TokenUsage = {
  /** All input tokens, cached ones included (the AI SDK's `inputTokens`). */
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens?: number;
};

export const roundUsd = (usd: number) => Math.round(usd * 1e6) / 1e6;

/** What a call cost in USD at `price`, rounded to 6 decimals (the LlmCall.costUsd column). */
export function costOf(price: TablePrice, usage: TokenUsage): number {
  const cached = Math.max(0, usage.cachedInputTokens);
  const written = Math.max(0, usage.cacheWriteTokens ?? 0);
  const uncached = Math.max(0, usage.inputTokens - cached - written);
  const usd =
    uncached * price.inputPerMTok +
    cached * price.cachedReadPerMTok +
    written * price.cacheWritePerMTok +
    Math.max(0, usage.outputTokens) * price.outputPerMTok;
  return roundUsd(usd / 1e6);
}

/** What the prompt cache saved against paying the full input price for the cached tokens. */
export function cacheSavingsOf(price: TablePrice, usage: TokenUsage): number {
  const cached = Math.max(0, usage.cachedInputTokens);
  return roundUsd((cached * Math.max(0, price.inputPerMTok - price.cachedReadPerMTok)) / 1e6);
}

/** A plan estimate for `tokens` in total, assuming about 70% input and 30% output, nothing cached. */
export function estimateCostAt(price: TablePrice, tokens: number): number {
  const input = Math.round(tokens * 0.7);
  return costOf(price, { inputTokens: input, outputTokens: tokens - input, cachedInputTokens: 0 });
}

/** The same estimate at the dated table's price of a model. */
export function estimateCostFor(provider: string, modelId: string, tokens: number): number {
  return estimateCostAt(priceOf(provider, modelId), tokens);
}
