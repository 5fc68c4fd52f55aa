import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { parseLlmConfig } from "./config";

const tiersOf = (vars: Record<string, string>) => {
  const { tiers } = parseLlmConfig(vars);
  return { fast: `${tiers.fast.provider}:${tiers.fast.modelId}`, standard: `${tiers.standard.provider}:${tiers.standard.modelId}`, deep: `${tiers.deep.provider}:${tiers.deep.modelId}` };
};

describe("model configuration", () => {
  it("uses the offline demo model for every tier when no provider is configured", () => {
    expect(tiersOf({})).toEqual({ fast: "offline:aios-offline-1", standard: "offline:aios-offline-1", deep: "offline:aios-offline-1" });
    expect(parseLlmConfig({ OPENAI_API_KEY: "  " }).openai).toBeNull();
  });

  it("gives each tier a sensible default when only one provider is configured", () => {
    expect(tiersOf({ OPENAI_API_KEY: "sk-test" })).toEqual({ fast: "openai:gpt-4.1-mini", standard: "openai:gpt-4.1", deep: "openai:gpt-5" });
    expect(tiersOf({ ANTHROPIC_API_KEY: "sk-ant" })).toEqual({
      fast: "anthropic:claude-haiku-4-5",
      standard: "anthropic:claude-sonnet-4-5",
      deep: "anthropic:claude-opus-4-5",
    });
  });

  it("takes explicit tiers and fills the rest from the provider they use", () => {
    expect(
      tiersOf({ OPENAI_API_KEY: "sk", ANTHROPIC_API_KEY: "sk-ant", AIOS_MODEL_STANDARD: "openai:gpt-4o", AIOS_MODEL_DEEP: "anthropic:claude-opus-4-1" }),
    ).toEqual({ fast: "openai:gpt-4.1-mini", standard: "openai:gpt-4o", deep: "anthropic:claude-opus-4-1" });
    expect(tiersOf({ OPENAI_API_KEY: "sk", AIOS_MODEL_FAST: "offline:aios-offline-1" }).standard).toBe("offline:aios-offline-1");
  });

  it("reuses the chosen model of an OpenAI-compatible server for the other tiers", () => {
    const config = parseLlmConfig({
      AIOS_OPENAI_COMPATIBLE_URL: "http://localhost:11434/v1/",
      AIOS_OPENAI_COMPATIBLE_NAME: "ollama",
      AIOS_MODEL_STANDARD: "compatible:llama3.1",
    });
    expect(config.compatible).toEqual({ baseURL: "http://localhost:11434/v1", apiKey: null, name: "ollama" });
    expect(Object.values(config.tiers)).toEqual(Array(3).fill({ provider: "compatible", modelId: "llama3.1" }));
  });

  it("points providers at their public endpoints unless a base URL is set", () => {
    expect(parseLlmConfig({ OPENAI_API_KEY: "sk" }).openai).toEqual({ apiKey: "sk", baseURL: "https://api.openai.com/v1" });
    expect(parseLlmConfig({ ANTHROPIC_API_KEY: "k", ANTHROPIC_BASE_URL: "http://127.0.0.1:9/v1/" }).anthropic?.baseURL).toBe("http://127.0.0.1:9/v1");
  });

  it("names the variable of every bad value", () => {
    expect(() => parseLlmConfig({ AIOS_MODEL_FAST: "gpt-4o" })).toThrow(/AIOS_MODEL_FAST: must be provider:model/);
    expect(() => parseLlmConfig({ AIOS_MODEL_DEEP: "anthropic:claude-opus-4-1" })).toThrow(
      /AIOS_MODEL_DEEP: uses anthropic but ANTHROPIC_API_KEY is not set/,
    );
    expect(() => parseLlmConfig({ AIOS_OPENAI_COMPATIBLE_URL: "http://localhost:11434/v1" })).toThrow(/AIOS_MODEL_STANDARD: must name a model/);
  });

  it("stops start-up through server/env.ts with the same messages", () => {
    expect(() =>
      parseEnv({ OPENAI_BASE_URL: "not a url", AIOS_MODEL_STANDARD: "mistral:large", AIOS_OPENAI_COMPATIBLE_URL: "localhost" }),
    ).toThrow(/OPENAI_BASE_URL: must be a URL[\s\S]*AIOS_OPENAI_COMPATIBLE_URL: must be a URL[\s\S]*AIOS_MODEL_STANDARD: must be provider:model/);
    expect(() => parseEnv({ AIOS_MODEL_FAST: "openai:gpt-4o-mini" })).toThrow(/AIOS_MODEL_FAST: uses openai but OPENAI_API_KEY is not set/);
    expect(parseEnv({ ANTHROPIC_API_KEY: "sk-ant", AIOS_MODEL_FAST: "anthropic:claude-haiku-4-5" }).ANTHROPIC_API_KEY).toBe("sk-ant");
  });
});

describe("resilience settings", () => {
  it("defaults to 10 minutes per attempt and 2 retries per model, and takes the environment's values", () => {
    expect(parseLlmConfig({})).toMatchObject({ timeoutMs: 600_000, maxRetries: 2, maxAttempts: 6, backoff: { baseMs: 500, capMs: 30_000 } });
    expect(parseLlmConfig({ AIOS_LLM_TIMEOUT_SECONDS: 45, AIOS_LLM_MAX_RETRIES: 0 })).toMatchObject({ timeoutMs: 45_000, maxRetries: 0 });
    expect(parseEnv({ AIOS_LLM_TIMEOUT_SECONDS: "45" }).AIOS_LLM_TIMEOUT_SECONDS).toBe(45);
    expect(() => parseEnv({ AIOS_LLM_TIMEOUT_SECONDS: "1" })).toThrow(/AIOS_LLM_TIMEOUT_SECONDS/);
  });
});
