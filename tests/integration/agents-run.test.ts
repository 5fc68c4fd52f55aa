import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { approvePlan, handleChatTurn } from "@/server/orchestrator";
import { stopQueue, getBoss } from "@/server/queue";
import { startJobWorkers, stopJobWorkers } from "@/server/worker";
import { history, runCommand, workspaceRoot } from "@/server/workspace";
import { callerAs, orgWithRoles, type OrgFixture, withoutOtherFilesRuns } from "./fixtures";

// The main job end to end with the offline demo model: chat → plan → approve → the team builds the
// project in its workspace through the real queue and worker, and the project's own tests pass.

let fx: OrgFixture;

beforeAll(async () => {
  await getBoss();
  await withoutOtherFilesRuns();
  await startJobWorkers();
  fx = await orgWithRoles();
}, 60_000);

afterAll(async () => {
  stopJobWorkers();
  await stopQueue();
});

async function converse(text: string) {
  const who = { orgId: fx.org.id, userId: fx.people.owner.user.id, name: "Owner" };
  const conversation = await db.conversation.create({ data: { orgId: fx.org.id, userId: who.userId, title: text.slice(0, 40) } });
  return handleChatTurn(who, conversation.id, [{ role: "user", content: text }]);
}

async function settled(projectId: string, timeoutMs = 150_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const p = await db.project.findUniqueOrThrow({ where: { id: projectId }, include: { tasks: true } });
    if (["completed", "failed", "cancelled"].includes(p.status)) return p;
    if (Date.now() > end) throw new Error(`project still ${p.status}: ${p.tasks.map((t) => `${t.key}=${t.status}`).join(", ")}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function build(request: string) {
  const turn = await converse(request);
  expect(turn.intent).toBe("new_project");
  expect(turn.plan!.tasks.length).toBeGreaterThanOrEqual(3);
  await approvePlan(turn.projectId!, { userId: fx.people.owner.user.id, name: "Owner" });
  const project = await settled(turn.projectId!);
  expect(project.tasks.map((t) => [t.key, t.status])).toEqual(project.tasks.map((t) => [t.key, "succeeded"]));
  expect(project.status).toBe("completed");
  const root = workspaceRoot(project.id);
  const tests = await runCommand(root, "node --test", { timeoutMs: 120_000 });
  expect(tests.exitCode, tests.stdout + tests.stderr).toBe(0);
  return project;
}

describe("agents build projects with the offline model", () => {
  it("asks a clarifying question for a vague request", async () => {
    const turn = await converse("build something");
    expect(turn.intent).toBe("new_project");
    expect(turn.plan).toBeUndefined();
    expect(turn.text).toMatch(/\?/);
  });

  it("builds the stock prices web app: every task commits as its agent, and the project's tests pass", async () => {
    const project = await build("Build a web app that displays stock prices");
    const commits = await history(workspaceRoot(project.id));
    for (const task of project.tasks) {
      expect(commits.some((c) => c.message.includes(`[${task.key}]`) && c.authorEmail === `${task.role}@agents.aios.local`)).toBe(true);
    }
    const steps = await db.event.count({ where: { projectId: project.id, type: "agent.tool_call" } });
    expect(steps).toBeGreaterThan(project.tasks.length);
    const calls = await db.llmCall.count({ where: { projectId: project.id, purpose: "agent" } });
    expect(calls).toBeGreaterThanOrEqual(steps);
  }, 180_000);

  it("builds the todo REST API, with QA handing a failing test back to the backend agent", async () => {
    const project = await build("Create a REST API for a todo list with tests");
    const handoffs = await db.event.findMany({ where: { projectId: project.id, type: "agent.handoff" } });
    expect(handoffs.map((h) => h.payload)).toEqual([expect.objectContaining({ from: "qa", to: "backend", kind: "return" })]);
    const backend = project.tasks.find((t) => t.role === "backend")!;
    expect(backend.attempt).toBe(2);
  }, 180_000);

  it("builds the CSV to JSON command-line tool", async () => {
    await build("Write a command-line tool that converts CSV to JSON");
  }, 180_000);

  it("routes each agent step by the project's settings and stores why with the call", async () => {
    const turn = await converse("Write a command-line tool that converts CSV to JSON");
    const caller = await callerAs(await fx.people.admin.principal());
    // A model the org does not have is refused with a sentence; the project keeps its settings.
    await expect(caller.projects.updateSettings({ projectId: turn.projectId!, modelOverrides: [{ role: "qa", model: "openai:gpt-nope" }] })).rejects.toThrow(
      'The model "openai:gpt-nope" chosen for the qa role is not an enabled model of this organisation',
    );
    await caller.projects.updateSettings({
      projectId: turn.projectId!,
      modelOverrides: [{ role: "qa", model: "offline:aios-offline-1" }],
      learnedRouting: { enabled: true, marginPct: 10 },
    });
    await approvePlan(turn.projectId!, { userId: fx.people.owner.user.id, name: "Owner" });
    const project = await settled(turn.projectId!);
    expect(project.status).toBe("completed");
    const calls = await db.llmCall.findMany({ where: { projectId: project.id, purpose: "agent" }, select: { agentRole: true, routing: true } });
    const reasons = (role: string) => [...new Set(calls.filter((c) => c.agentRole === role).flatMap((c) => (c.routing as { reasons: string[] }).reasons))];
    expect(reasons("qa")).toContain("project override for the qa role: offline:aios-offline-1");
    // Learned routing explains itself: the model it learned, or that there are too few finished tasks yet
    // (this org's earlier builds in this file may already have given the backend role five).
    expect(reasons("backend").some((r) => r.startsWith("learned")), reasons("backend").join("\n")).toBe(true);
  }, 180_000);
});
