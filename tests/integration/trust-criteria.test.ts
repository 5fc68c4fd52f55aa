import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isGenericTemplate } from "@/lib/generic-template";
import { db } from "@/server/db";
import { configureProviders } from "@/server/llm";
import { approvePlan, handleChatTurn, retryTask } from "@/server/orchestrator";
import { getBoss, stopQueue } from "@/server/queue";
import { startJobWorkers, stopJobWorkers } from "@/server/worker";
import { workspaceRoot } from "@/server/workspace";
import type { Loopback } from "../helpers/loopback-openai";
import { orgWithRoles, type OrgFixture, withoutOtherFilesRuns } from "./fixtures";
import { call, oneTaskProject, owner, saw, settledTask, until, useScriptedModel } from "./trust-fixtures";

// "Succeeded" means the task's acceptance criteria were checked: an agent that finishes without evidence
// from its own run ends as needs attention, with the reason; one that ran the named test succeeds; the
// offline model's demos still end green with real evidence, and its generic template says what it is.

let fx: OrgFixture;
let loopback: Loopback | null = null;

beforeAll(async () => {
  await getBoss();
  await withoutOtherFilesRuns();
  await startJobWorkers();
  fx = await orgWithRoles();
}, 60_000);

afterEach(async () => {
  configureProviders(null);
  await loopback?.close();
  loopback = null;
});

afterAll(async () => {
  stopJobWorkers();
  await stopQueue();
});

const CRITERION = "node --test test/hello.test.js passes";
const TEST_FILE = 'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { readFileSync } from "node:fs";\ntest("says hello", () => assert.equal(readFileSync("hello.txt", "utf8"), "hello\\n"));\n';

type Result = { summary: string; reason?: string; criteria: { criterion: string; met: boolean; evidence: string | null }[] };

describe("a task succeeds only with its acceptance criteria checked", () => {
  it("an agent that claims success without evidence needs attention, with the reason, on the task, the project and the timeline", async () => {
    loopback = await useScriptedModel([
      call("write_file", { path: "hello.txt", content: "hello\n" }),
      call("finish", { summary: "Done, all good.", criteria: [{ criterion: CRITERION, met: true }] }),
    ]);
    const project = await oneTaskProject(fx, [CRITERION]);
    const task = await settledTask(project.id);
    expect(task.status).toBe("needs_attention");
    const result = task.result as Result;
    expect(result.reason).toBe(`Acceptance criteria not met or not checked: “${CRITERION}” has no evidence (a command run in this task).`);
    expect(result.criteria).toEqual([{ criterion: CRITERION, met: false, evidence: null, problem: expect.any(String) }]);
    const p = await until(() => db.project.findUniqueOrThrow({ where: { id: project.id } }), (x) => x.status !== "running");
    expect(p.status).toBe("needs_attention");
    const status = await db.event.findFirstOrThrow({ where: { taskId: task.id, type: "task.status", payload: { path: ["status"], equals: "needs_attention" } } });
    expect((status.payload as { reason: string }).reason).toBe(result.reason);
    const run = await db.run.findFirstOrThrow({ where: { taskId: task.id } });
    expect(run).toMatchObject({ status: "needs_attention", error: result.reason });
  }, 60_000);

  it("a claimed command that never ran, or a summary that admits the work was not done, is not green either", async () => {
    loopback = await useScriptedModel([
      call("run_command", { command: "node --version" }),
      call("finish", { summary: "I did not implement it: this needs a real model.", criteria: [{ criterion: CRITERION, met: true, evidence: "node --test test/hello.test.js" }] }),
    ]);
    const project = await oneTaskProject(fx, [CRITERION]);
    const task = await settledTask(project.id);
    expect(task.status).toBe("needs_attention");
    expect((task.result as Result).reason).toBe(
      `Acceptance criteria not met or not checked: the summary says the work was not done; “${CRITERION}”: \`node --test test/hello.test.js\` was not run in this task.`,
    );
  }, 60_000);

  it("an agent that ran the named test and it passed succeeds; a needs-attention task can be retried", async () => {
    loopback = await useScriptedModel((req) => {
      if (!saw(req, "Wrote test/hello.test.js")) return call("write_file", { path: "test/hello.test.js", content: TEST_FILE });
      if (!saw(req, "Wrote hello.txt")) return call("write_file", { path: "hello.txt", content: saw(req, "Retried") ? "hello\n" : "hi\n" });
      if (!saw(req, "$ node --test test/hello.test.js")) return call("run_command", { command: "node --test test/hello.test.js" });
      return call("finish", { summary: "Wrote hello.txt; its test passes.", criteria: [{ criterion: CRITERION, met: true, evidence: "`node --test test/hello.test.js`" }] });
    });
    const project = await oneTaskProject(fx, [CRITERION]);
    // First attempt: the test it names failed (hello.txt says "hi"), so its claim is refused.
    const first = await settledTask(project.id);
    expect(first.status).toBe("needs_attention");
    expect((first.result as Result).reason).toMatch(/`node --test test\/hello.test.js` did not pass when last run in this task/);
    await db.task.update({ where: { id: first.id }, data: { description: "Retried" } });
    await retryTask(project.id, first.id, owner(fx));
    const second = await until(() => db.task.findUniqueOrThrow({ where: { id: first.id } }), (t) => t.attempt === 2 && ["succeeded", "needs_attention", "failed"].includes(t.status));
    expect(second.status).toBe("succeeded");
    expect((second.result as Result).criteria).toEqual([{ criterion: CRITERION, met: true, evidence: "`node --test test/hello.test.js`" }]);
    const p = await until(() => db.project.findUniqueOrThrow({ where: { id: project.id } }), (x) => x.status !== "running");
    expect(p.status).toBe("completed");
  }, 90_000);
});

async function buildWithOfflineModel(request: string) {
  const who = { orgId: fx.org.id, userId: fx.people.owner.user.id, name: "Owner" };
  const conversation = await db.conversation.create({ data: { orgId: fx.org.id, userId: who.userId, title: request.slice(0, 40) } });
  const turn = await handleChatTurn(who, conversation.id, [{ role: "user", content: request }]);
  await approvePlan(turn.projectId!, owner(fx));
  const project = await until(() => db.project.findUniqueOrThrow({ where: { id: turn.projectId! }, include: { tasks: true } }), (p) => p.status !== "running", 170_000);
  return { turn, project };
}

describe("the offline model's projects", () => {
  it("the CSV to JSON demo ends green, every criterion met by a command its task ran", async () => {
    const { project } = await buildWithOfflineModel("Write a command-line tool that converts CSV to JSON");
    expect(project.tasks.map((t) => [t.key, t.status])).toEqual(project.tasks.map((t) => [t.key, "succeeded"]));
    expect(project.status).toBe("completed");
    for (const t of project.tasks) {
      const { criteria } = t.result as Result;
      expect(criteria.length, t.key).toBe((t.acceptanceCriteria as string[]).length);
      for (const c of criteria) expect(c, t.key).toMatchObject({ met: true, evidence: expect.stringMatching(/^(node|cat|chmod) /) });
    }
  }, 180_000);

  it("a request outside its demos is planned, built and documented as a generic template, its criteria checked", async () => {
    const { turn, project } = await buildWithOfflineModel("Build a CLI to manage my bookmarks");
    expect(turn.plan!.summary).toMatch(/^Generic template: a small, zero-dependency Node.js project that keeps bookmarks/);
    expect(isGenericTemplate(turn.plan)).toBe(true);
    expect(project.status).toBe("completed");
    const readme = await readFile(join(workspaceRoot(project.id), "README.md"), "utf8");
    expect(readme).toMatch(/\*\*Generic template\.\*\* The offline demo model has no template for this request/);
    for (const t of project.tasks) for (const c of (t.result as Result).criteria) expect(c, t.key).toMatchObject({ met: true });
  }, 180_000);
});
