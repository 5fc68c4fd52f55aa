import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LiveEvent } from "@/lib/events";
import { describeEvent } from "@/components/activity/describe-event";
import { db } from "@/server/db";
import { toLiveEvent } from "@/server/events";
import { configureProviders } from "@/server/llm";
import { cancelProject, retryTask } from "@/server/orchestrator";
import { getBoss, stopQueue } from "@/server/queue";
import { startJobWorkers, stopJobWorkers } from "@/server/worker";
import { workspaceRoot } from "@/server/workspace";
import type { Loopback } from "../helpers/loopback-openai";
import { callerAs, orgWithRoles, type OrgFixture, withoutOtherFilesRuns } from "./fixtures";
import { call, oneTaskProject, owner, saw, settledTask, until, useScriptedModel } from "./trust-fixtures";

// The command-approval gate: a run pauses on the exact command it wants to run, a person approves or
// denies it (the agent receives the reason), the decision is bound to that run and that command, it
// expires with the run (cancel, retry), every decision is audited, and the feed says only what happened.

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

const A = "touch approved-a.txt";
const B = "touch sneaky-b.txt";
const finish = (summary: string) => call("finish", { summary, criteria: [] });

/** A project whose one task (no criteria) must ask before each command; resolves with its open question. */
async function waitingProject() {
  const project = await oneTaskProject(fx, [], { requireCommandApproval: true });
  const question = await until(() => db.question.findFirst({ where: { projectId: project.id, answeredAt: null } }), (q) => q !== null);
  return { project, question: question! };
}

async function decide(questionId: string, projectId: string, input: { decision: "approve" } | { decision: "deny"; reason: string }) {
  const caller = await callerAs(await fx.people.member.principal());
  return caller.projects.decideCommand({ projectId, questionId, ...input });
}

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
    return "accepted";
  } catch (err) {
    return `${(err as { code?: string }).code}: ${(err as Error).message}`;
  }
};

describe("command approvals", () => {
  it("the run pauses on the command; the feed says it waits, and nothing ran", async () => {
    loopback = await useScriptedModel((req) => (saw(req, "$ touch") ? finish("Ran it.") : call("run_command", { command: A })));
    const { project, question } = await waitingProject();
    expect(question).toMatchObject({ kind: "command_approval", text: A });
    const run = await db.run.findFirstOrThrow({ where: { projectId: project.id } });
    expect(run).toMatchObject({ id: question.runId, status: "waiting_for_human" });
    const events = (await db.event.findMany({ where: { projectId: project.id }, orderBy: { seq: "asc" } })).map(toLiveEvent) as LiveEvent[];
    expect(events.some((e) => e.type === "agent.tool_result")).toBe(false);
    const feed = events.map((e) => describeEvent(e).text);
    expect(feed).toContain(`Backend engineer asked to run \`${A}\``);
    expect(feed).toContain(`Backend engineer wants to run \`${A}\` and is waiting for approval`);
    expect(feed.join("\n")).not.toMatch(/succeeded|exited|\bran\b/);
    expect(existsSync(join(workspaceRoot(project.id), "approved-a.txt"))).toBe(false);
    await cancelProject(project.id, owner(fx));
  }, 60_000);

  it("deny with a reason: the agent receives the reason as the command's result and the command never runs; the decision is audited", async () => {
    loopback = await useScriptedModel((req) => (saw(req, "Use the build script instead") ? finish("Left it: the person said to use the build script.") : call("run_command", { command: A })));
    const { project, question } = await waitingProject();
    expect(await refusal(decide(question.id, project.id, { decision: "deny", reason: " " }))).toMatch(/^BAD_REQUEST: .*Say why/);
    await decide(question.id, project.id, { decision: "deny", reason: "Use the build script instead" });
    const task = await settledTask(project.id);
    expect(task.status).toBe("succeeded");
    const result = await db.event.findFirstOrThrow({ where: { projectId: project.id, type: "agent.tool_result" } });
    expect(result.payload).toMatchObject({ tool: "run_command", ok: false, command: A });
    expect(result.payload).not.toHaveProperty("exitCode");
    expect((result.payload as { output: string }).output).toBe(
      `Not run: ${fx.people.member.user.name} denied \`${A}\`. Reason: Use the build script instead\nDo not run this command again in this task; find another way, or finish and explain what is left.`,
    );
    // The same run resumed with the decision: one run, and the model saw the reason.
    expect(await db.run.count({ where: { projectId: project.id } })).toBe(1);
    expect(loopback.requests.some((r) => saw(r, "Reason: Use the build script instead"))).toBe(true);
    expect(existsSync(join(workspaceRoot(project.id), "approved-a.txt"))).toBe(false);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "projects.decideCommand", targetId: question.id, outcome: "success" } });
    expect(audit).toMatchObject({ orgId: fx.org.id, actorId: fx.people.member.user.id, targetType: "command_approval" });
    const answered = await db.question.findUniqueOrThrow({ where: { id: question.id } });
    expect(answered).toMatchObject({ outcome: "denied", answer: "Use the build script instead", answeredById: fx.people.member.user.id });
  }, 60_000);

  it("an approval is for one exact command: approving A runs A, and B then needs its own approval", async () => {
    loopback = await useScriptedModel((req) => (saw(req, `$ ${A}`) ? call("run_command", { command: B }) : call("run_command", { command: A })));
    const { project, question } = await waitingProject();
    await decide(question.id, project.id, { decision: "approve" });
    const second = await until(() => db.question.findFirst({ where: { projectId: project.id, answeredAt: null } }), (q) => q !== null);
    expect(second).toMatchObject({ text: B, runId: question.runId });
    const root = workspaceRoot(project.id);
    expect(existsSync(join(root, "approved-a.txt"))).toBe(true);
    expect(existsSync(join(root, "sneaky-b.txt"))).toBe(false);
    const ran = await db.event.findFirstOrThrow({ where: { projectId: project.id, type: "agent.tool_result" } });
    expect(ran.payload).toMatchObject({ command: A, exitCode: 0, ok: true });
    const feed = (await db.event.findMany({ where: { projectId: project.id }, orderBy: { seq: "asc" } })).map((e) => describeEvent(toLiveEvent(e) as LiveEvent).text);
    // The feed capitalises the first word (here the person's name).
    expect(feed.map((l) => l.toLowerCase()), feed.join("\n")).toContain(`${fx.people.member.user.name} approved \`${A}\``.toLowerCase());
    expect(feed.some((l) => l.startsWith(`\`${A}\` ran: exit code 0`))).toBe(true);
    await cancelProject(project.id, owner(fx));
  }, 60_000);

  it("cancel closes the pending approval: it leaves the project page, and approving afterwards is refused with a sentence", async () => {
    loopback = await useScriptedModel(() => call("run_command", { command: A }));
    const { project, question } = await waitingProject();
    await cancelProject(project.id, owner(fx));
    const caller = await callerAs(await fx.people.member.principal());
    expect((await caller.projects.get({ projectId: project.id })).questions).toEqual([]);
    expect(await refusal(decide(question.id, project.id, { decision: "approve" }))).toBe("CONFLICT: This command can no longer be answered: it expired because the project was cancelled.");
    expect(await refusal(caller.projects.answer({ projectId: project.id, questionId: question.id, answer: "Approved" }))).toMatch(/^CONFLICT: This command can no longer be answered/);
    expect(await db.run.findUniqueOrThrow({ where: { id: question.runId! } })).toMatchObject({ status: "cancelled" });
    expect(existsSync(join(workspaceRoot(project.id), "approved-a.txt"))).toBe(false);
    const refused = await db.auditLog.findFirstOrThrow({ where: { action: "projects.decideCommand", targetId: question.id } });
    expect(refused).toMatchObject({ targetType: "command_approval", outcome: "failure" });
  }, 60_000);

  it("retry starts a new run that must ask again: an earlier approval is never reused", async () => {
    loopback = await useScriptedModel(() => call("run_command", { command: A }));
    const { project, question } = await waitingProject();
    await cancelProject(project.id, owner(fx));
    const task = await db.task.findUniqueOrThrow({ where: { id: question.taskId } });
    await retryTask(project.id, task.id, owner(fx));
    const again = await until(() => db.question.findFirst({ where: { projectId: project.id, answeredAt: null } }), (q) => q !== null);
    expect(again).toMatchObject({ text: A, kind: "command_approval" });
    expect(again!.runId).not.toBe(question.runId);
    expect(existsSync(join(workspaceRoot(project.id), "approved-a.txt"))).toBe(false);
    // The old question stays closed: deciding it now cannot start anything.
    expect(await refusal(decide(question.id, project.id, { decision: "approve" }))).toMatch(/^CONFLICT: This command can no longer be answered: it expired because the project was cancelled/);
    await cancelProject(project.id, owner(fx));
  }, 60_000);
});
