import "server-only";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { tableModel, tableModelsOf, type EnvCatalog, type EnvModel } from "@/server/governance/catalog";
import { TIERS, OFFLINE_MODEL_ID, type LlmConfig, type ModelRef, type ProviderId, type Tier } from "./config";
import { createOrgResolver, type OrgModels } from "./org-models";
import { BreakerBoard } from "./resilience/breaker";
import { priceOf, type Price } from "./prices";
import { createProviderClient, type ProviderClient } from "./providers";

export const OFFLINE_LABEL = "Offline demo model";

export type ResolvedModel = {
  provider: ProviderId;
  modelId: string;
  /** What the UI shows: "Anthropic claude-sonnet-4-5", "ollama llama3.1", "Offline demo model". */
  label: string;
  isOffline: boolean;
  model: LanguageModelV3;
  /** What calls are costed at; `price.priceId` is the ModelPrice version the LlmCall keeps. */
  price: Price;
  contextWindow: number;
  maxOutputTokens: number;
  /** The org's catalog entry (null: the environment's model, priced from the dated table). */
  entryId: string | null;
};

export type ModelStatus = {
  offline: boolean;
  tiers: Record<Tier, { provider: ProviderId; modelId: string; label: string }>;
  howToConfigure: string;
};

export type ProviderRegistry = {
  readonly config: LlmConfig;
  /** Circuit breakers of this registry's models, by "provider:model" (in process). */
  readonly breakers: BreakerBoard;
  /** The environment's model of a tier (no org catalog): the bootstrap, and what an org without changes gets. */
  resolve(tier: Tier): ResolvedModel;
  /** The org's model of a tier: its catalog's tier assignment and prices, else the environment's. */
  resolveFor(orgId: string, tier: Tier): Promise<ResolvedModel>;
  /** The org's models at its current catalog version (one version read): tiers, same-tier fallbacks, explicit models. */
  modelsOf(orgId: string): Promise<OrgModels>;
  /** What the environment provides, for the catalog (seeding, Admin → Models). */
  environment(): EnvCatalog;
  /** Builds a model of an environment provider (null when that provider is not configured). */
  envModel(provider: ProviderId, modelId: string): LanguageModelV3 | null;
  labelOf(ref: ModelRef): string;
  status(): ModelStatus;
};

export const HOW_TO_CONFIGURE = [
  "Set OPENAI_API_KEY or ANTHROPIC_API_KEY (or AIOS_OPENAI_COMPATIBLE_URL for Ollama, vLLM, LM Studio or OpenRouter)",
  "in the server's environment and restart AIOS, or add a provider in Admin → Models.",
  "Choose the model of each tier with AIOS_MODEL_FAST, AIOS_MODEL_STANDARD and AIOS_MODEL_DEEP as provider:model",
  "(for example anthropic:claude-sonnet-4-5 or compatible:llama3.1); see .env.example.",
].join(" ");

const DEFAULT_LIMITS = { contextWindow: 128_000, maxOutputTokens: 16_384 };

/** Context window and output limit the dated table gives a model (defaults for models it does not know). */
export function limitsOf(provider: string, modelId: string) {
  const t = tableModel(provider, modelId);
  return t ? { contextWindow: t.contextWindow, maxOutputTokens: t.maxOutputTokens } : DEFAULT_LIMITS;
}

const hint = (key: string | null) => (key ? (key.length >= 16 ? `…${key.slice(-4)}` : "…") : null);

/**
 * Builds the providers of one configuration. Explicit config (not env) so tests can point it at
 * loopback servers; the gateway's default registry is built from server/env.ts.
 */
export function createProviderRegistry(config: LlmConfig, deps: { offlineModel: () => LanguageModelV3 }): ProviderRegistry {
  const clients: Partial<Record<Exclude<ProviderId, "offline">, ProviderClient>> = {};
  if (config.openai) clients.openai = createProviderClient("openai", { baseURL: config.openai.baseURL, apiKey: config.openai.apiKey });
  if (config.anthropic) clients.anthropic = createProviderClient("anthropic", { baseURL: config.anthropic.baseURL, apiKey: config.anthropic.apiKey });
  if (config.compatible) clients.compatible = createProviderClient("compatible", { baseURL: config.compatible.baseURL, apiKey: config.compatible.apiKey });

  const labelOf = (ref: ModelRef): string => {
    switch (ref.provider) {
      case "openai":
        return `OpenAI ${ref.modelId}`;
      case "anthropic":
        return `Anthropic ${ref.modelId}`;
      case "compatible":
        return `${config.compatible?.name ?? "OpenAI-compatible"} ${ref.modelId}`;
      case "offline":
        return OFFLINE_LABEL;
    }
  };

  const envModel = (provider: ProviderId, modelId: string): LanguageModelV3 | null => {
    if (provider === "offline") return deps.offlineModel();
    return clients[provider]?.model(modelId) ?? null;
  };

  const cache = new Map<Tier, ResolvedModel>();
  const resolve = (tier: Tier): ResolvedModel => {
    let resolved = cache.get(tier);
    if (!resolved) {
      const ref = config.tiers[tier];
      // parseLlmConfig rejects a tier whose provider has no credentials, so a null here is a programming error.
      const model = envModel(ref.provider, ref.modelId);
      if (!model) throw new Error(`The ${ref.provider} provider is not configured.`);
      resolved = {
        provider: ref.provider,
        modelId: ref.modelId,
        label: labelOf(ref),
        isOffline: ref.provider === "offline",
        model,
        price: priceOf(ref.provider, ref.modelId),
        ...limitsOf(ref.provider, ref.modelId),
        entryId: null,
      };
      cache.set(tier, resolved);
    }
    return resolved;
  };

  const environment = (): EnvCatalog => {
    const providers: EnvCatalog["providers"] = [];
    const models: EnvModel[] = [];
    const add = (provider: ProviderId, modelId: string) => {
      const source = provider === "offline" ? "offline" : `env:${provider}`;
      if (!models.some((m) => m.source === source && m.modelId === modelId)) {
        models.push({ source, provider, modelId, displayName: labelOf({ provider, modelId }) });
      }
    };
    if (config.openai) providers.push({ kind: "openai", name: "OpenAI", baseUrl: config.openai.baseURL, keyHint: hint(config.openai.apiKey) });
    if (config.anthropic) providers.push({ kind: "anthropic", name: "Anthropic", baseUrl: config.anthropic.baseURL, keyHint: hint(config.anthropic.apiKey) });
    if (config.compatible) providers.push({ kind: "compatible", name: config.compatible.name, baseUrl: config.compatible.baseURL, keyHint: hint(config.compatible.apiKey) });
    for (const tier of TIERS) add(config.tiers[tier].provider, config.tiers[tier].modelId);
    for (const p of providers) for (const modelId of tableModelsOf(p.kind)) add(p.kind, modelId);
    add("offline", OFFLINE_MODEL_ID);
    const tiers = {} as EnvCatalog["tiers"];
    for (const tier of TIERS) tiers[tier] = { ...config.tiers[tier], label: labelOf(config.tiers[tier]) };
    return { providers, models, tiers };
  };

  const registry: ProviderRegistry = {
    config,
    breakers: new BreakerBoard(config.breaker),
    resolve,
    resolveFor: (orgId, tier) => org.resolveFor(orgId, tier),
    modelsOf: (orgId) => org.modelsOf(orgId),
    environment,
    envModel,
    labelOf,
    status() {
      const tiers = {} as ModelStatus["tiers"];
      for (const tier of TIERS) {
        const ref = config.tiers[tier];
        tiers[tier] = { provider: ref.provider, modelId: ref.modelId, label: labelOf(ref) };
      }
      return {
        offline: TIERS.some((t) => config.tiers[t].provider === "offline"),
        tiers,
        howToConfigure: HOW_TO_CONFIGURE,
      };
    },
  };
  const org = createOrgResolver(registry);
  return registry;
}
