import "server-only";
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { TIERS, type LlmConfig, type ModelRef, type ProviderId, type Tier } from "./config";

export const OFFLINE_LABEL = "Offline demo model";

export type ResolvedModel = {
  provider: ProviderId;
  modelId: string;
  /** What the UI shows: "Anthropic claude-sonnet-4-5", "ollama llama3.1", "Offline demo model". */
  label: string;
  isOffline: boolean;
  model: LanguageModelV3;
};

export type ModelStatus = {
  offline: boolean;
  tiers: Record<Tier, { provider: ProviderId; modelId: string; label: string }>;
  howToConfigure: string;
};

export type ProviderRegistry = {
  readonly config: LlmConfig;
  resolve(tier: Tier): ResolvedModel;
  status(): ModelStatus;
};

export const HOW_TO_CONFIGURE = [
  "Set OPENAI_API_KEY or ANTHROPIC_API_KEY (or AIOS_OPENAI_COMPATIBLE_URL for Ollama, vLLM, LM Studio or OpenRouter)",
  "in the server's environment and restart AIOS.",
  "Choose the model of each tier with AIOS_MODEL_FAST, AIOS_MODEL_STANDARD and AIOS_MODEL_DEEP as provider:model",
  "(for example anthropic:claude-sonnet-4-5 or compatible:llama3.1); see .env.example.",
].join(" ");

/**
 * Builds the providers of one configuration. Explicit config (not env) so tests can point it at
 * loopback servers; the gateway's default registry is built from server/env.ts. Every base URL is
 * passed explicitly, so the SDK never falls back to reading process.env itself.
 */
export function createProviderRegistry(config: LlmConfig, deps: { offlineModel: () => LanguageModelV3 }): ProviderRegistry {
  const openai = config.openai ? createOpenAI({ apiKey: config.openai.apiKey, baseURL: config.openai.baseURL }) : null;
  const anthropic = config.anthropic
    ? createAnthropic({ apiKey: config.anthropic.apiKey, baseURL: config.anthropic.baseURL })
    : null;
  const compatible = config.compatible
    ? createOpenAICompatible({
        // The SDK's provider name is also the providerOptions key; keep it fixed and show the label instead.
        name: "compatible",
        baseURL: config.compatible.baseURL,
        apiKey: config.compatible.apiKey ?? undefined,
        includeUsage: true,
        // Ollama, vLLM, LM Studio and OpenRouter accept json_schema response formats; without this the
        // model would be asked for "some JSON" and never see the schema.
        supportsStructuredOutputs: true,
      })
    : null;

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

  const build = (ref: ModelRef): LanguageModelV3 => {
    switch (ref.provider) {
      case "openai":
        // Chat Completions (not the Responses API): the protocol every OpenAI-compatible server speaks too.
        return required(openai, "openai").chat(ref.modelId);
      case "anthropic":
        return required(anthropic, "anthropic").messages(ref.modelId);
      case "compatible":
        return required(compatible, "compatible").chatModel(ref.modelId);
      case "offline":
        return deps.offlineModel();
    }
  };

  const cache = new Map<Tier, ResolvedModel>();
  return {
    config,
    resolve(tier) {
      let resolved = cache.get(tier);
      if (!resolved) {
        const ref = config.tiers[tier];
        resolved = {
          provider: ref.provider,
          modelId: ref.modelId,
          label: labelOf(ref),
          isOffline: ref.provider === "offline",
          model: build(ref),
        };
        cache.set(tier, resolved);
      }
      return resolved;
    },
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
}

function required<T>(provider: T | null, id: ProviderId): T {
  // parseLlmConfig rejects a tier whose provider has no credentials, so this is a programming error.
  if (!provider) throw new Error(`The ${id} provider is not configured.`);
  return provider;
}
