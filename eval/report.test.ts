import { describe, expect, it } from "vitest";
import { buildReport, passAt1, passHatK, renderMarkdown, type RoleModelUsage, type TaskRun } from "./report";

const row = (role: string, model: string, calls: number, costMicroUsd: number, cacheHits = 0): RoleModelUsage => ({
  role,
  model,
  calls,
  failedCalls: 0,
  tokensIn: 100 * calls,
  tokensOut: 10 * calls,
  tokensCached: 0,
  costMicroUsd,
  cacheHits,
});

function run(taskId: string, attempt: number, passed: boolean, extra: Partial<TaskRun> = {}): TaskRun {
  return {
    taskId,
    kind: "cli",
    attempt,
    passed,
    status: passed ? "completed" : "failed",
    problem: null,
    wallMs: 10_000,
    acceptance: { tests: 4, failed: passed ? 0 : 2, failures: passed ? [] : ["a test"] },
    usage: { llmCalls: 2, runs: 1, steps: 6, repairs: 1, warnings: 0, stuckStops: 0, byRoleModel: [row("backend", "offline:m", 2, 150_000)] },
    ...extra,
  };
}

describe("eval report math", () => {
  it("pass@1 is the share of first tries that passed; pass^k needs every one of the k runs to pass", () => {
    expect(passAt1([true, false, true, true])).toBe(0.75);
    expect(passHatK([true, false, true, true])).toBe(0);
    expect(passHatK([true, true, true])).toBe(1);
    expect(passAt1([])).toBe(0);
    expect(passHatK([])).toBe(0); // no runs is not "all passed"
  });

  it("overall pass@1 is the mean of the tasks' pass@1 and pass^k the share of tasks that passed every run", () => {
    const runs = [run("a", 1, true), run("b", 1, true), run("c", 1, false), run("a", 2, true), run("b", 2, false), run("c", 2, false)];
    const r = buildReport(runs, { date: "2026-11-26T00:00:00.000Z", models: "m", repeat: 2, machine: { cpus: 2, node: "v20" }, notes: [] });
    expect(r.tasks.map((t) => [t.taskId, t.passAt1, t.passHatK])).toEqual([
      ["a", 1, 1],
      ["b", 0.5, 0],
      ["c", 0, 0],
    ]);
    expect(r.overall.passAt1).toBeCloseTo(0.5, 10);
    expect(r.overall.passHatK).toBeCloseTo(1 / 3, 10);
    expect(r.overall.tasksAllPassed).toBe(1);
    expect(r.overall.runs).toBe(6);
  });

  it("sums cost exactly in micro-dollars, and cache-hit share is hits over calls, per task, overall and per role and model", () => {
    const cheap = run("a", 1, true, {
      usage: { llmCalls: 4, runs: 2, steps: 9, repairs: 2, warnings: 1, stuckStops: 1, byRoleModel: [row("qa", "compatible:x", 3, 100_001, 3), row("planning", "compatible:x", 1, 2)] },
    });
    const other = run("b", 1, false, {
      wallMs: 30_000,
      usage: { llmCalls: 1, runs: 1, steps: 3, repairs: 0, warnings: 0, stuckStops: 0, byRoleModel: [row("qa", "compatible:x", 1, 200_000)] },
    });
    const r = buildReport([cheap, other], { date: "d", models: "m", repeat: 1, machine: { cpus: 2, node: "v20" }, notes: [] });
    expect(r.overall.totalCostUsd).toBe(0.300003);
    expect(r.overall.meanCostUsd).toBe(0.1500015);
    expect(r.overall.cacheHitShare).toBe(3 / 5);
    expect(r.overall.meanSeconds).toBe(20);
    expect(r.overall.meanSteps).toBe(6);
    expect(r.overall.repairs).toBe(2);
    expect(r.overall.stuckStops).toBe(1);
    expect(r.overall.warnings).toBe(1);
    expect(r.tasks[0]!.cacheHitShare).toBe(3 / 4);
    const qa = r.byRoleModel.find((m) => m.role === "qa")!;
    expect(qa).toMatchObject({ calls: 4, costUsd: 0.300001, cacheHits: 3, cacheHitShare: 0.75 });
  });

  it("renders per-task and per-role tables and says why each failed run failed", () => {
    const failed = run("b", 1, false, { problem: "timed out (the project was cancelled)", status: "running", taskProblems: ["qa-csv (qa) needs attention: no evidence"] });
    const md = renderMarkdown(buildReport([run("a", 1, true), failed], { date: "d", models: "offline", repeat: 1, machine: { cpus: 2, node: "v20" }, notes: ["a note"] }));
    expect(md).toContain("**pass@1 50 %** · **pass^1 50 %** (1/2 tasks passed every run)");
    expect(md).toContain("| a | cli | 100 % (1/1) | 100 % | completed |");
    expect(md).toContain("- **b** run 1 (project running): timed out (the project was cancelled). 2/4 acceptance tests failed: “a test”.\n  - qa-csv (qa) needs attention: no evidence");
    expect(md).toContain("| backend | offline:m | 4 | 0 |");
    expect(md).toContain("- a note");
  });
});
