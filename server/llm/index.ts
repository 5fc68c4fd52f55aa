import "server-only";
import { env } from "@/server/env";
import { parseLlmConfig, type LlmConfig, type Tier } from "./config";
import { generateWith, type GenerateOptions, type GenerateResult } from "./gateway";
import { createOfflineModel } from "./offline";
import { estimateCostAt, estimateCostFor, type Price } from "./prices";
import { createProviderRegistry, type ModelStatus, type ProviderRegistry, type ResolvedModel } from "./registry";
import { catalogModelKeys, type EnvCatalog } from "@/server/governance/catalog";
import type { BreakerSnapshot } from "./resilience/breaker";
import { fallbackOrder } from "./routing/fallback-order";

// The gateway: every model call in AIOS goes through here. Providers come from server/env.ts and from
// each org's catalog (Admin → Models); with none configured every tier is the offline demo model, so a
// fresh install runs end to end.

export { TIERS, type Tier, type ProviderId, type LlmConfig, parseLlmConfig } from "./config";
export type { Purpose, LlmScope, ToolSpec, ToolCallRequest, GenerateOptions, GenerateResult } from "./gateway";
export { generateWith } from "./gateway";
export type { StreamDelta } from "./gateway";
export { LlmError, type LlmErrorKind } from "./errors";
export { cacheSavingsOf, costOf, priceOf, estimateCostAt, estimateCostFor, FREE_PRICE, type Price, type TokenUsage } from "./prices";
export { createProviderRegistry, OFFLINE_LABEL, type ModelStatus, type ProviderRegistry, type ResolvedModel } from "./registry";
export { testConnection, type ConnectionTarget } from "./connection-test";

const g = globalThis as { __aiosLlmRegistry?: ProviderRegistry };
const offline = () => createOfflineModel({ delayMs: env.AIOS_OFFLINE_MODEL_DELAY_MS });

function registry(): ProviderRegistry {
  return (g.__aiosLlmRegistry ??= createProviderRegistry(parseLlmConfig(env), { offlineModel: offline }));
}

/**
 * Replaces the providers while running (null: back to the environment's). Tests use it to point
 * every tier at loopback servers that speak the providers' real protocols.
 */
export function configureProviders(config: LlmConfig | null): void {
  g.__aiosLlmRegistry = config ? createProviderRegistry(config, { offlineModel: offline }) : undefined;
}

/** The environment's model behind a tier (what an org without catalog changes uses). */
export function resolveModel(tier: Tier): ResolvedModel {
  return registry().resolve(tier);
}

/** The model behind a tier for one org: its catalog's tier assignment and prices, else the environment's. */
export function resolveModelFor(orgId: string, tier: Tier): Promise<ResolvedModel> {
  return registry().resolveFor(orgId, tier);
}

/** An org's enabled model by catalog entry id or "provider:modelId" (null: no such usable model). */
export function resolveModelRef(orgId: string, ref: string): Promise<ResolvedModel | null> {
  return registry()
    .modelsOf(orgId)
    .then((models) => models.ref(ref));
}

/** What the environment provides (providers, models, tiers), for the catalog and Admin → Models. */
export function environmentCatalog(): EnvCatalog {
  return registry().environment();
}

/** Base URL and key of an environment provider, for "Test connection" (null when it is not configured). */
export function environmentConnection(kind: "openai" | "anthropic" | "compatible"): { baseUrl: string; apiKey: string | null } | null {
  const c = registry().config[kind];
  return c ? { baseUrl: c.baseURL, apiKey: c.apiKey } : null;
}

/** Which model each tier uses, whether the offline demo model is among them, and how to configure a real one. */
export function modelStatus(): ModelStatus {
  return registry().status();
}

/** One model step, recorded as an LlmCall and an "llm.call" event; throws LlmError on failure. */
export function generate<OUT = unknown>(opts: GenerateOptions<OUT>): Promise<GenerateResult<OUT>> {
  return generateWith(registry(), opts);
}

/** Estimated USD for `tokens` on a tier's environment model (about 70% input, 30% output); 0 for unpriced models. */
export function estimateCost(tier: Tier, tokens: number): number {
  const { provider, modelId } = registry().config.tiers[tier];
  return estimateCostFor(provider, modelId, tokens);
}

/** What a plan is priced with for each tier: the org's model and its catalog price. */
export type TierQuote = { label: string; isOffline: boolean; price: Price };
export type TierQuotes = Record<Tier, TierQuote>;

/**
 * The org's quote for every tier. Reads the database: a caller outside a request scope that holds a
 * transaction reads its quotes before opening it (on PGlite that transaction holds the one connection).
 */
export async function tierQuotes(orgId: string): Promise<TierQuotes> {
  const quotes = {} as TierQuotes;
  for (const tier of ["fast", "standard", "deep"] as const) {
    const m = await resolveModelFor(orgId, tier);
    quotes[tier] = { label: m.label, isOffline: m.isOffline, price: m.price };
  }
  return quotes;
}

/** The same estimate at the org's model and catalog price for the tier. */
export async function estimateCostForOrg(orgId: string, tier: Tier, tokens: number): Promise<number> {
  return estimateCostAt((await resolveModelFor(orgId, tier)).price, tokens);
}

// Gateway core (routing and resilience): what the Models page and metrics read.
export type { AnySchema, RoutingDecision, RoutingInput } from "./gateway";
export type { BreakerSnapshot, BreakerState } from "./resilience/breaker";

/** The circuit breakers of this process's models ("provider:model"): closed, open (until when) or half-open. */
export function breakerStates(): BreakerSnapshot[] {
  return registry().breakers.states();
}

/**
 * The breakers of the org's catalog models in this process. Breakers are per process and per
 * provider:model, so only models of the org's own catalog are shown (never another org's private ones).
 */
export async function modelHealth(orgId: string): Promise<{ breakers: BreakerSnapshot[]; policy: LlmConfig["breaker"] }> {
  const keys = await catalogModelKeys(orgId);
  return { breakers: breakerStates().filter((b) => keys.has(b.key)), policy: registry().config.breaker };
}

/** Per tier, the models a call tries in order when nothing pins one (Admin → Models' fallback order). */
export async function tierFallbackOrder(orgId: string) {
  return fallbackOrder(await registry().modelsOf(orgId), orgId);
}
