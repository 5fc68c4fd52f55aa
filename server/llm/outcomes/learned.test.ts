import { describe, expect, it } from "vitest";
import { learnedChoice } from "./learned";
import type { RoleModelOutcome } from "./stats";

const o = (model: string, runs: number, succeeded: number, avgCostUsd: number, role = "backend"): RoleModelOutcome => ({
  role,
  provider: "openai",
  model,
  runs,
  succeeded,
  handedBack: 0,
  failed: runs - succeeded,
  reruns: 0,
  avgSteps: 10,
  avgCostUsd,
  costUsd: avgCostUsd * runs,
  successRate: succeeded / runs,
});

describe("learnedChoice", () => {
  const stats = [o("big", 20, 19, 0.5), o("mid", 20, 18, 0.1), o("small", 20, 12, 0.01)];

  it("picks the cheapest model within the margin of the best success rate", () => {
    const c = learnedChoice(stats, "backend", 10)!;
    expect(c.model).toBe("mid");
    expect(c.best.model).toBe("big");
    expect(c.reason).toContain("within 10 points of big");
  });

  it("keeps the best model when nothing cheaper is close enough", () => {
    expect(learnedChoice(stats, "backend", 2)!.model).toBe("big");
  });

  it("a wide margin lets the cheapest model in", () => {
    expect(learnedChoice(stats, "backend", 50)!.model).toBe("small");
  });

  it("ignores models with too few runs and other roles", () => {
    expect(learnedChoice([o("tiny", 3, 3, 0.001), ...stats], "backend", 10)!.model).toBe("mid");
    expect(learnedChoice(stats, "frontend", 10)).toBeNull();
    expect(learnedChoice([o("tiny", 4, 4, 0.001)], "backend", 10)).toBeNull();
  });
});
