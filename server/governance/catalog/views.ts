import "server-only";
import type { ModelCatalogEntryModel as ModelCatalogEntry, ModelPriceModel as ModelPrice, ProviderCredentialModel as ProviderCredential } from "@/server/db";
import { CATALOG_TIERS, OFFLINE_SOURCE, type CatalogTier, type PriceData, type ProviderKind } from "./types";

// What the router returns. Built from rows by hand, so no secret column (ciphertext, nonce, tag,
// master key id) can ever ride along into a response.

export type ProviderView = {
  id: string;
  kind: ProviderKind;
  name: string;
  baseUrl: string;
  keyHint: string | null;
  enabled: boolean;
  fromEnvironment: boolean;
  lastTest: { at: Date; ok: boolean; message: string } | null;
  modelCount: number;
};

export type PriceView = PriceData & { source: string; effectiveFrom: Date };

export type ModelView = {
  id: string;
  source: string;
  sourceLabel: string;
  fromEnvironment: boolean;
  credentialId: string | null;
  provider: string;
  modelId: string;
  displayName: string;
  capabilities: { tools: boolean; structuredOutput: boolean; vision: boolean };
  contextWindow: number;
  maxOutputTokens: number;
  enabled: boolean;
  available: boolean;
  tiers: CatalogTier[];
  price: PriceView | null;
};

export type TierView = {
  tier: CatalogTier;
  entryId: string | null;
  fromEnvironment: boolean;
  provider: string;
  modelId: string;
  label: string;
  fallbackReason: string | null;
};

export type TestResult = { ok: boolean; message: string; modelIds: string[] };

export function providerView(row: ProviderCredential, modelCount: number): ProviderView {
  return {
    id: row.id,
    kind: row.kind as ProviderKind,
    name: row.name,
    baseUrl: row.baseUrl,
    keyHint: row.keyHint,
    enabled: row.enabled,
    fromEnvironment: false,
    lastTest: row.lastTestedAt ? { at: row.lastTestedAt, ok: row.lastTestOk ?? false, message: row.lastTestMessage ?? "" } : null,
    modelCount,
  };
}

export function priceView(row: ModelPrice): PriceView {
  return {
    priceId: row.id,
    inputPerMTok: Number(row.inputPerMTok),
    outputPerMTok: Number(row.outputPerMTok),
    cachedReadPerMTok: Number(row.cachedReadPerMTok),
    cacheWritePerMTok: Number(row.cacheWritePerMTok),
    source: row.source,
    effectiveFrom: row.effectiveFrom,
  };
}

export const isFromEnvironment = (source: string) => source === OFFLINE_SOURCE || source.startsWith("env:");

const ENV_NAME: Record<string, string> = { openai: "OpenAI", anthropic: "Anthropic", compatible: "OpenAI-compatible" };

export function modelView(
  entry: ModelCatalogEntry & { credential: ProviderCredential | null },
  price: ModelPrice | null,
  ctx: { available: boolean; tiers: CatalogTier[] },
): ModelView {
  const fromEnvironment = isFromEnvironment(entry.source);
  return {
    id: entry.id,
    source: entry.source,
    sourceLabel:
      entry.source === OFFLINE_SOURCE
        ? "Offline demo model"
        : fromEnvironment
          ? `from environment (${ENV_NAME[entry.provider] ?? entry.provider})`
          : (entry.credential?.name ?? "removed provider"),
    fromEnvironment,
    credentialId: entry.credentialId,
    provider: entry.provider,
    modelId: entry.modelId,
    displayName: entry.displayName,
    capabilities: { tools: entry.supportsTools, structuredOutput: entry.supportsStructuredOutput, vision: entry.supportsVision },
    contextWindow: entry.contextWindow,
    maxOutputTokens: entry.maxOutputTokens,
    enabled: entry.enabled,
    available: ctx.available,
    tiers: ctx.tiers,
    price: price ? priceView(price) : null,
  };
}

export const tierOrder = (tiers: Iterable<CatalogTier>) => CATALOG_TIERS.filter((t) => [...tiers].includes(t));
