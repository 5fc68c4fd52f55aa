import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { authSecret, env } from "@/server/env";
import { templateFor } from "@/server/llm/offline/templates";
import { approvePlan } from "@/server/orchestrator";
import { history, workspaceRoot } from "@/server/workspace";
import { orgWithRoles, SMALL_PLAN, withoutOtherFilesRuns } from "../integration/fixtures";
import { startWorker, type WorkerProcess } from "../helpers/worker-process";

// A worker process killed with SIGKILL in the middle of a task: its run's heartbeat goes stale, the
// other worker re-queues it and resumes from the recorded steps, and the task is committed once.

const workers: WorkerProcess[] = [];
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
}, 30_000);

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const STOCKS = "Build a web app that displays stock prices";

describe("a worker killed mid-task", () => {
  it("hands its run to another worker, which finishes it without a duplicate commit", async () => {
    const workerEnv = {
      DATABASE_URL: env.DATABASE_URL!,
      NEXTAUTH_SECRET: authSecret(),
      AIOS_DATA_DIR: env.dataDir,
      // Slow the offline model down so the kill lands in the middle of the task.
      AIOS_OFFLINE_MODEL_DELAY_MS: "700",
    };
    await withoutOtherFilesRuns();
    const first = await startWorker(workerEnv);
    workers.push(first);
    const fx = await orgWithRoles();
    // A task the offline model has a template for, so its criteria are checked by the tests it runs.
    const engine = templateFor(STOCKS).tasks.find((t) => t.key === "price-engine")!;
    const task = { ...SMALL_PLAN.tasks[0]!, key: engine.key, title: engine.title, role: engine.role, description: engine.description, acceptanceCriteria: engine.criteria };
    const project = await db.project.create({
      data: { orgId: fx.org.id, name: "Crash test", goal: STOCKS, plan: { ...SMALL_PLAN, tasks: [task] } },
    });
    await approvePlan(project.id, { userId: fx.people.owner.user.id, name: "Owner" });

    // Wait until the first worker is a few steps into the task, then kill it outright.
    const running = await until(
      () => db.run.findFirst({ where: { projectId: project.id } }),
      (r) => r?.status === "running" && r.steps >= 2,
      60_000,
    );
    expect(running!.claimedBy).toMatch(new RegExp(`:${first.pid}$`));
    await first.kill();
    const second = await startWorker(workerEnv);
    workers.push(second);

    const done = await until(
      () => db.task.findFirstOrThrow({ where: { projectId: project.id } }),
      (t) => ["succeeded", "failed", "needs_attention"].includes(t.status),
      120_000,
    );
    expect(done.status).toBe("succeeded");
    const run = await db.run.findUniqueOrThrow({ where: { id: running!.id } });
    expect(run.attempt).toBe(2);
    expect(run.claimedBy).toMatch(new RegExp(`:${second.pid}$`));
    expect(run.steps).toBeGreaterThan(running!.steps);
    // Exactly one commit for the task, made by the worker that finished it.
    const commits = (await history(workspaceRoot(project.id))).filter((c) => c.message.includes(`[${task.key}]`));
    expect(commits).toHaveLength(1);
    expect(run.commitSha).toBe(commits[0]!.sha);
  }, 240_000);
});
