import { describe, expect, it } from "vitest";
import { complexityScore } from "./complexity";

describe("complexity score", () => {
  it("is 0 for a short prompt with no tools", () => {
    expect(complexityScore({ promptTokens: 300, toolCount: 0 })).toEqual({ score: 0, factors: [] });
  });

  it("grows with prompt size on a log scale, up to 40 points", () => {
    const at = (t: number) => complexityScore({ promptTokens: t, toolCount: 0 }).score;
    expect(at(2_000)).toBe(8);
    expect(at(8_000)).toBe(24);
    expect(at(32_000)).toBe(40);
    expect(at(500_000)).toBe(40);
  });

  it("adds tools, hard task kinds and earlier failures, and explains each", () => {
    const c = complexityScore({ promptTokens: 8_000, toolCount: 5, taskKind: "bugfix", failures: 1 });
    expect(c.score).toBe(24 + 10 + 20 + 15);
    expect(c.factors).toEqual(["prompt of about 8k tokens (+24)", "5 tools (+10)", '"bugfix" work (+20)', "1 earlier failure (+15)"]);
  });

  it("takes points off easy work and stays within 0–100", () => {
    expect(complexityScore({ promptTokens: 100, toolCount: 0, taskKind: "docs" }).score).toBe(0);
    expect(complexityScore({ promptTokens: 100_000, toolCount: 30, taskKind: "refactor", failures: 9 }).score).toBe(100);
  });
});
