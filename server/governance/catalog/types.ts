// Plain data shared by the catalog's services, the router and server/llm (which fills EnvCatalog in:
// governance never imports server/llm).

export const PROVIDER_KINDS = ["openai", "anthropic", "compatible"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
export const CATALOG_TIERS = ["fast", "standard", "deep"] as const;
export type CatalogTier = (typeof CATALOG_TIERS)[number];

export const OFFLINE_SOURCE = "offline";
export const envSource = (provider: ProviderKind) => `env:${provider}`;

/** A model the server's environment provides (source "env:<provider>" or "offline"). */
export type EnvModel = { source: string; provider: string; modelId: string; displayName: string };

/** What server/llm knows from the environment, passed into the catalog's views and seeding. */
export type EnvCatalog = {
  providers: { kind: ProviderKind; name: string; baseUrl: string; keyHint: string | null }[];
  models: EnvModel[];
  tiers: Record<CatalogTier, { provider: string; modelId: string; label: string }>;
};

export type PriceData = {
  priceId: string;
  inputPerMTok: number;
  outputPerMTok: number;
  cachedReadPerMTok: number;
  cacheWritePerMTok: number;
};

export type PriceInput = Omit<PriceData, "priceId">;
export const PRICE_FIELDS = ["inputPerMTok", "outputPerMTok", "cachedReadPerMTok", "cacheWritePerMTok"] as const;
