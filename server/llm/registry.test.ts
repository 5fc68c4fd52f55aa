import type { LanguageModelV3 } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { parseLlmConfig, type LlmVars } from "./config";
import { createProviderRegistry, HOW_TO_CONFIGURE, OFFLINE_LABEL } from "./registry";

const offline = { specificationVersion: "v3", provider: "aios-offline", modelId: "aios-offline-1" } as unknown as LanguageModelV3;
const registryOf = (vars: LlmVars) => createProviderRegistry(parseLlmConfig(vars), { offlineModel: () => offline });

describe("provider registry", () => {
  it("says plainly when the offline demo model is in use and how to configure a real one", () => {
    const status = registryOf({}).status();
    expect(status.offline).toBe(true);
    expect(status.tiers.standard).toEqual({ provider: "offline", modelId: "aios-offline-1", label: OFFLINE_LABEL });
    expect(status.howToConfigure).toBe(HOW_TO_CONFIGURE);
    expect(status.howToConfigure).toMatch(/OPENAI_API_KEY or ANTHROPIC_API_KEY/);
    const resolved = registryOf({}).resolve("deep");
    expect(resolved).toMatchObject({ provider: "offline", isOffline: true, label: OFFLINE_LABEL });
    expect(resolved.model).toBe(offline);
  });

  it("builds real provider models for configured tiers, with labels for people", () => {
    const registry = registryOf({
      OPENAI_API_KEY: "sk",
      ANTHROPIC_API_KEY: "sk-ant",
      AIOS_OPENAI_COMPATIBLE_URL: "http://localhost:11434/v1",
      AIOS_OPENAI_COMPATIBLE_NAME: "ollama",
      AIOS_MODEL_FAST: "compatible:llama3.1",
      AIOS_MODEL_STANDARD: "anthropic:claude-sonnet-4-5",
      AIOS_MODEL_DEEP: "openai:gpt-4.1",
    });
    expect(registry.status()).toMatchObject({
      offline: false,
      tiers: {
        fast: { provider: "compatible", modelId: "llama3.1", label: "ollama llama3.1" },
        standard: { label: "Anthropic claude-sonnet-4-5" },
        deep: { label: "OpenAI gpt-4.1" },
      },
    });
    const models = (["fast", "standard", "deep"] as const).map((t) => registry.resolve(t).model);
    expect(models.map((m) => [m.provider, m.modelId])).toEqual([
      ["compatible.chat", "llama3.1"],
      ["anthropic.messages", "claude-sonnet-4-5"],
      ["openai.chat", "gpt-4.1"],
    ]);
    expect(registry.resolve("fast")).toBe(registry.resolve("fast")); // built once
  });
});
