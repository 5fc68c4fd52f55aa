import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { learnedModelFor, outcomesReport, roleModelOutcomes } from "@/server/llm/outcomes";
import { callerAs, orgWithRoles } from "./fixtures";

// Learning from outcomes: the per-role, per-model figures are derived from the runs and calls the
// product writes, so each case seeds those rows the way the runner leaves them and checks the sums.

type RunSeed = { model: string; status: "succeeded" | "failed" | "needs_attention"; cost: number; steps?: number; rerunLater?: boolean };

let n = 0;
async function seedTask(orgId: string, projectId: string, role: string, runs: RunSeed[]) {
  const task = await db.task.create({ data: { orgId, projectId, key: `t-${++n}`, title: `Task ${n}`, role, description: "d" } });
  let at = Date.now() - 3_600_000;
  for (const r of runs) {
    at += 60_000;
    const run = await db.run.create({
      data: { orgId, projectId, taskId: task.id, status: r.status, steps: r.steps ?? 4, costUsd: r.cost.toFixed(6), createdAt: new Date(at), finishedAt: new Date(at + 30_000) },
    });
    // Two agent steps on the run's model, and one failed attempt on another model (a fallback): the run's model is the majority.
    for (const [model, status] of [[r.model, "ok"], [r.model, "ok"], ["other-model", "error"]] as const) {
      await db.llmCall.create({
        data: { orgId, projectId, taskId: task.id, runId: run.id, agentRole: role, purpose: "agent", provider: "openai", model, status, tokensIn: 1000, tokensOut: 200, costUsd: (status === "ok" ? r.cost / 2 : 0).toFixed(6) },
      });
    }
  }
  return task;
}

describe("routing outcomes", () => {
  it("counts successes, hand-backs and failures per role and model from the runs themselves", async () => {
    const { org, project } = await orgWithRoles();
    // big: 5 first-time successes; small: 2 successes, 1 handed back (its task ran again), 1 failure.
    for (let i = 0; i < 5; i++) await seedTask(org.id, project.id, "backend", [{ model: "big", status: "succeeded", cost: 0.5 }]);
    await seedTask(org.id, project.id, "backend", [{ model: "small", status: "succeeded", cost: 0.02 }]);
    await seedTask(org.id, project.id, "backend", [{ model: "small", status: "succeeded", cost: 0.02 }]);
    await seedTask(org.id, project.id, "backend", [
      { model: "small", status: "succeeded", cost: 0.02 },
      { model: "big", status: "succeeded", cost: 0.5 },
    ]);
    await seedTask(org.id, project.id, "backend", [{ model: "small", status: "failed", cost: 0.01 }]);

    const rows = await roleModelOutcomes(org.id);
    const big = rows.find((r) => r.model === "big")!;
    const small = rows.find((r) => r.model === "small")!;
    expect(rows.some((r) => r.model === "other-model")).toBe(false);
    expect(big).toMatchObject({ role: "backend", runs: 6, succeeded: 6, handedBack: 0, failed: 0, reruns: 1, avgCostUsd: 0.5 });
    expect(small).toMatchObject({ runs: 4, succeeded: 2, handedBack: 1, failed: 1, reruns: 0, avgCostUsd: 0.0175 });
    expect(small.successRate).toBe(0.5);
    // Another org's tasks never show up.
    const { org: other } = await orgWithRoles();
    expect(await roleModelOutcomes(other.id)).toEqual([]);
  });

  it("learned routing picks the cheapest model within the margin once it has enough runs", async () => {
    const { org, project } = await orgWithRoles();
    for (let i = 0; i < 10; i++) await seedTask(org.id, project.id, "frontend", [{ model: "big", status: "succeeded", cost: 0.4 }]);
    for (let i = 0; i < 10; i++) await seedTask(org.id, project.id, "frontend", [{ model: "mid", status: i < 9 ? "succeeded" : "failed", cost: 0.05 }]);
    expect((await learnedModelFor(org.id, "frontend", 15))?.model).toBe("mid");
    expect((await learnedModelFor(org.id, "frontend", 5))?.model).toBe("big");
    expect(await learnedModelFor(org.id, "qa", 15)).toBeNull();
  });

  it("the Models page report shows the figures and the savings against the top model", async () => {
    const { org, project, people } = await orgWithRoles();
    for (let i = 0; i < 5; i++) await seedTask(org.id, project.id, "qa", [{ model: "gpt-4.1-mini", status: "succeeded", cost: 0.001 }]);
    const report = await outcomesReport(org.id);
    expect(report.rows).toHaveLength(1);
    expect(report.learned.qa?.model).toBe("gpt-4.1-mini");
    // The offline demo model is the top tier here and costs nothing: nothing was saved against it.
    const qa = report.savings.find((s) => s.role === "qa")!;
    expect(qa.actualUsd).toBeCloseTo(0.005, 6);
    expect(qa.savedUsd).toBeCloseTo(qa.topModelUsd - qa.actualUsd, 6);
    const viaApi = await (await callerAs(await people.viewer.principal())).routing.outcomes({ orgId: org.id });
    expect(viaApi.rows).toEqual(report.rows);
  });
});
