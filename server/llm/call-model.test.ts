import { describe, expect, it } from "vitest";
import { listedOneShot } from "./call-model";

// AIOS_ONE_SHOT_TOOL_MODELS: models whose steps are asked one-shot because their streams drop tool calls.

describe("listedOneShot", () => {
  const llama = { provider: "compatible" as const, modelId: "llama3.1" };
  it("matches provider:model and provider:*, and nothing else", () => {
    expect(listedOneShot("compatible:llama3.1", llama)).toBe(true);
    expect(listedOneShot(" openai:gpt-4o , compatible:* ", llama)).toBe(true);
    expect(listedOneShot("compatible:llama3.2", llama)).toBe(false);
    expect(listedOneShot("openai:*", llama)).toBe(false);
    expect(listedOneShot("llama3.1", llama)).toBe(false);
    expect(listedOneShot(undefined, llama)).toBe(false);
  });
});
