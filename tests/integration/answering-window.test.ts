import { afterEach, describe, expect, it } from "vitest";
import { AnsweringWindow } from "@/server/agents/context/answering-window";
import { addProvider } from "@/server/governance/catalog/credentials";
import { addModel } from "@/server/governance/catalog/entries";
import { configureProviders, parseLlmConfig, resolveModelFor, resolveModelRef } from "@/server/llm";
import { limitsOf } from "@/server/llm/registry";
import { orgWithRoles } from "./fixtures";

// The agent's context is fitted to the window of the model that answers (the org's catalog figure),
// not the tier's default: a project override is the first guess, then the smallest window that answered.

afterEach(() => configureProviders(null));

const FIXED = { fixedTokens: 1_500, answerReserve: 8_192 };

async function orgWithSmallModel() {
  configureProviders({
    ...parseLlmConfig({ AIOS_OPENAI_COMPATIBLE_URL: "http://127.0.0.1:9/v1", AIOS_OPENAI_COMPATIBLE_NAME: "ollama", AIOS_MODEL_FAST: "compatible:big-llm", AIOS_MODEL_STANDARD: "compatible:big-llm", AIOS_MODEL_DEEP: "compatible:big-llm" }),
    maxRetries: 0,
  });
  const fx = await orgWithRoles();
  const provider = await addProvider(fx.org.id, fx.people.owner.user.id, { kind: "compatible", name: `Small ${Date.now()}`, baseUrl: "http://127.0.0.1:9/v1" });
  const small = await addModel(fx.org.id, fx.people.owner.user.id, { credentialId: provider.id, modelId: "small-llm", contextWindow: 9_000, maxOutputTokens: 1_024 });
  return { orgId: fx.org.id, small };
}

describe("the answering model's context window", () => {
  it("starts from the project's override, else the tier's model, and shrinks to the window of a model that answered with a smaller one", async () => {
    const { orgId, small } = await orgWithSmallModel();
    const tierModel = await resolveModelFor(orgId, "standard");
    const smallModel = (await resolveModelRef(orgId, small.id))!;

    const byTier = await AnsweringWindow.start({ orgId, tier: "standard", ...FIXED });
    expect(byTier.current).toEqual({ contextWindow: tierModel.contextWindow, fixedTokens: 1_500, reserveTokens: Math.min(8_192, tierModel.maxOutputTokens) });
    expect(tierModel.contextWindow).not.toBe(9_000);

    // Routing sent the step to the org's small model: the next fit uses its catalog window and output limit.
    await byTier.follow({ provider: smallModel.provider, modelId: smallModel.modelId });
    expect(byTier.current).toEqual({ contextWindow: 9_000, fixedTokens: 1_500, reserveTokens: 1_024 });

    // A fallback with a bigger window (the price table's default for a model the catalog does not list)
    // does not grow it: the next step may go back to the small model.
    expect(limitsOf("compatible", "unlisted-llm").contextWindow).toBeGreaterThan(9_000);
    await byTier.follow({ provider: "compatible", modelId: "unlisted-llm" });
    expect(byTier.current.contextWindow).toBe(9_000);

    const pinned = await AnsweringWindow.start({ orgId, tier: "standard", override: small.id, ...FIXED });
    expect(pinned.current.contextWindow).toBe(9_000);
    // A stale override (no such model) is ignored, as routing ignores it.
    const stale = await AnsweringWindow.start({ orgId, tier: "standard", override: "compatible:removed-llm", ...FIXED });
    expect(stale.current.contextWindow).toBe(tierModel.contextWindow);
  });
});
