// The dated list prices new catalog entries are seeded from: USD per million tokens, as published by
// OpenAI and Anthropic (Anthropic: standard context, 5-minute cache writes = 1.25 × input, cache reads
// = 0.1 × input). Check the providers' pricing pages before relying on them for billing; admins edit
// an org's prices in Admin → Models (a new price version each time). Pure data: server/llm uses it too.

export const PRICE_TABLE_DATE = "2025-11-20";
export const PRICE_TABLE_SOURCE = `price table ${PRICE_TABLE_DATE}`;

export type TablePrice = {
  inputPerMTok: number;
  outputPerMTok: number;
  cachedReadPerMTok: number;
  cacheWritePerMTok: number;
};

export type TableModel = TablePrice & { contextWindow: number; maxOutputTokens: number; vision: boolean };

const openai = (input: number, output: number, cached: number, contextWindow: number, maxOutputTokens: number): TableModel => ({
  inputPerMTok: input,
  outputPerMTok: output,
  cachedReadPerMTok: cached,
  cacheWritePerMTok: input, // OpenAI charges no premium for writing its cache
  contextWindow,
  maxOutputTokens,
  vision: true,
});

const anthropic = (input: number, output: number, maxOutputTokens: number): TableModel => ({
  inputPerMTok: input,
  outputPerMTok: output,
  cachedReadPerMTok: input / 10,
  cacheWritePerMTok: input * 1.25,
  contextWindow: 200_000,
  maxOutputTokens,
  vision: true,
});

export const PRICE_TABLE: Readonly<Record<string, TableModel>> = {
  "openai:gpt-5": openai(1.25, 10, 0.125, 400_000, 128_000),
  "openai:gpt-5.1": openai(1.25, 10, 0.125, 400_000, 128_000),
  "openai:gpt-5-mini": openai(0.25, 2, 0.025, 400_000, 128_000),
  "openai:gpt-5-nano": openai(0.05, 0.4, 0.005, 400_000, 128_000),
  "openai:gpt-4.1": openai(2, 8, 0.5, 1_047_576, 32_768),
  "openai:gpt-4.1-mini": openai(0.4, 1.6, 0.1, 1_047_576, 32_768),
  "openai:gpt-4.1-nano": openai(0.1, 0.4, 0.025, 1_047_576, 32_768),
  "openai:gpt-4o": openai(2.5, 10, 1.25, 128_000, 16_384),
  "openai:gpt-4o-mini": openai(0.15, 0.6, 0.075, 128_000, 16_384),
  "openai:o3": openai(2, 8, 0.5, 200_000, 100_000),
  "openai:o4-mini": openai(1.1, 4.4, 0.275, 200_000, 100_000),
  "openai:o3-mini": { ...openai(1.1, 4.4, 0.55, 200_000, 100_000), vision: false },
  "anthropic:claude-opus-4-5": anthropic(5, 25, 64_000),
  "anthropic:claude-opus-4-1": anthropic(15, 75, 32_000),
  "anthropic:claude-opus-4-0": anthropic(15, 75, 32_000),
  "anthropic:claude-opus-4": anthropic(15, 75, 32_000),
  "anthropic:claude-sonnet-4-5": anthropic(3, 15, 64_000),
  "anthropic:claude-sonnet-4-0": anthropic(3, 15, 64_000),
  "anthropic:claude-sonnet-4": anthropic(3, 15, 64_000),
  "anthropic:claude-3-7-sonnet": anthropic(3, 15, 64_000),
  "anthropic:claude-haiku-4-5": anthropic(1, 5, 64_000),
  "anthropic:claude-3-5-haiku": anthropic(0.8, 4, 8_192),
  "anthropic:claude-3-haiku": anthropic(0.25, 1.25, 4_096),
};

// Snapshot ids carry a date: gpt-4o-mini-2024-07-18, claude-sonnet-4-5-20250929, claude-3-7-sonnet-latest.
const SNAPSHOT_SUFFIX = /-(\d{4}-\d{2}-\d{2}|\d{8}|latest)$/;

/** The table's entry for a model (snapshot ids match their base model); null when the table does not know it. */
export function tableModel(provider: string, modelId: string): TableModel | null {
  return PRICE_TABLE[`${provider}:${modelId}`] ?? PRICE_TABLE[`${provider}:${modelId.replace(SNAPSHOT_SUFFIX, "")}`] ?? null;
}

/** Models of a provider the table knows (what an environment provider's catalog is seeded with). */
export function tableModelsOf(provider: string): string[] {
  return Object.keys(PRICE_TABLE)
    .filter((k) => k.startsWith(`${provider}:`))
    .map((k) => k.slice(provider.length + 1));
}
