import { describe, expect, it } from "vitest";
import { chooseTier } from "./tier";

describe("tier choice", () => {
  it("keeps the caller's tier and says so", () => {
    expect(chooseTier({ purpose: "agent", tier: "standard", complexity: 90, role: "backend" })).toEqual({
      tier: "standard",
      reasons: ["backend agent step → standard tier (the caller's choice)"],
    });
  });

  it("moves planning and complex work off the fast tier", () => {
    expect(chooseTier({ purpose: "planning", tier: "fast", complexity: 0 })).toEqual({
      tier: "standard",
      reasons: ["planning → fast tier (the caller's choice)", "planning needs at least the standard tier → standard tier"],
    });
    expect(chooseTier({ purpose: "summarise", tier: "fast", complexity: 75 }).reasons.at(-1)).toBe("complexity 75 is above the fast tier's 60 → standard tier");
    expect(chooseTier({ purpose: "summarise", tier: "fast", complexity: 59 }).tier).toBe("fast");
  });

  it("goes one tier up after repeated failures of the task, never above deep", () => {
    expect(chooseTier({ purpose: "agent", tier: "standard", complexity: 10, failures: 2 })).toMatchObject({ tier: "deep" });
    expect(chooseTier({ purpose: "agent", tier: "standard", complexity: 10, failures: 1 }).tier).toBe("standard");
    expect(chooseTier({ purpose: "agent", tier: "deep", complexity: 10, failures: 5 })).toEqual({ tier: "deep", reasons: ["agent step → deep tier (the caller's choice)"] });
  });
});
