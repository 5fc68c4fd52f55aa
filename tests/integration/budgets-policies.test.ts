import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BudgetQuestionPayload } from "@/server/agents/over-budget";
import { db } from "@/server/db";
import { projectDetail } from "@/server/projects";
import { getBoss, stopQueue } from "@/server/queue";
import { startJobWorkers, stopJobWorkers } from "@/server/worker";
import { callerAs, orgWithRoles, SMALL_PLAN, type OrgFixture, withoutOtherFilesRuns } from "./fixtures";
import { startWithoutCriteria, until } from "./trust-fixtures";

// Over a budget, with the offline model through the real queue, worker and runner: "ask a person"
// pauses the run on a question with three choices, and each choice works (raise the budget and the
// same run continues; continue on a cheaper model; stop the task, readably); "stop" stops the project
// with the reason in its status, and raising the budget and resuming carries on. ("degrade" is the gateway's.)

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

const as = async (who: "admin" | "member" | "viewer") => callerAs(await fx.people[who].principal());
const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
    return "accepted";
  } catch (err) {
    return `${(err as { code?: string }).code}: ${(err as Error).message}`;
  }
};

/** A one-task project with a 1-token budget in place before its first model call. */
async function overBudgetProject(policy: "ask" | "stop") {
  const task = { ...SMALL_PLAN.tasks[0]!, key: "hello", title: "Say hello", role: "backend" };
  const project = await db.project.create({ data: { orgId: fx.org.id, name: `Over budget (${policy})`, goal: "Say hello", plan: { ...SMALL_PLAN, tasks: [task] } } });
  const budget = await db.budget.create({ data: { orgId: fx.org.id, scope: "project", scopeId: project.id, metric: "tokens", period: "total", limit: 1, policy } });
  await startWithoutCriteria(project.id, [task]);
  return { project, budget };
}

const openQuestion = (projectId: string, notId?: string) =>
  until(
    () => db.question.findFirst({ where: { projectId, kind: "budget", answeredAt: null, ...(notId ? { id: { not: notId } } : {}) }, orderBy: { createdAt: "desc" } }),
    (q) => q !== null,
    60_000,
  ).then((q) => q!);

const taskOf = (projectId: string) => db.task.findFirstOrThrow({ where: { projectId } });
const finished = (projectId: string) => until(() => taskOf(projectId), (t) => ["succeeded", "failed", "needs_attention", "cancelled"].includes(t.status), 120_000);

describe("over budget: ask a person", () => {
  it("the run pauses on a question with three choices; raising the budget (budget managers only) resumes the same run", async () => {
    const { project, budget } = await overBudgetProject("ask");
    const q = await openQuestion(project.id);
    const payload = q.payload as unknown as BudgetQuestionPayload;
    expect(payload).toMatchObject({ budgetId: budget.id, metric: "tokens", limit: 1, policy: "ask", choices: ["raise", "cheaper", "stop"], tier: "standard" });
    expect(q.text).toMatch(/^The project limit of 1 tokens in total is used up .* Raise the budget, continue on a cheaper model, or stop this task\?$/);
    const run = await db.run.findFirstOrThrow({ where: { projectId: project.id } });
    expect(run).toMatchObject({ id: q.runId, status: "waiting_for_human" });
    expect((await taskOf(project.id)).status).toBe("waiting_for_human");
    // Nothing was spent: the refused call never reached the model.
    expect(Number((await db.budget.findUniqueOrThrow({ where: { id: budget.id } })).spent)).toBe(0);
    // The project page lists it with its choices.
    const detail = await projectDetail(project.id);
    expect(detail.questions).toEqual([expect.objectContaining({ id: q.id, kind: "budget" })]);

    expect(await refusal((await as("member")).budgets.raiseAndContinue({ projectId: project.id, questionId: q.id, limit: 10_000_000 }))).toMatch(/^FORBIDDEN/);
    expect(await refusal((await as("admin")).budgets.raiseAndContinue({ projectId: project.id, questionId: q.id, limit: 1 }))).toMatch(/^BAD_REQUEST: limit: Raise it above the current 1 tokens/);
    await (await as("admin")).budgets.raiseAndContinue({ projectId: project.id, questionId: q.id, limit: 10_000_000 });
    expect(Number((await db.budget.findUniqueOrThrow({ where: { id: budget.id } })).limit)).toBe(10_000_000);
    const done = await finished(project.id);
    expect(done.status).not.toBe("failed");
    // The same run carried on and spent on the raised budget.
    expect((await db.run.findMany({ where: { projectId: project.id } })).map((r) => r.id)).toEqual([run.id]);
    expect(Number((await db.budget.findUniqueOrThrow({ where: { id: budget.id } })).spent)).toBeGreaterThan(0);
    const answered = await db.question.findUniqueOrThrow({ where: { id: q.id } });
    expect(answered).toMatchObject({ outcome: "answered", answer: "raise", answeredById: fx.people.admin.user.id });
    // A second answer is refused readably.
    expect(await refusal((await as("member")).budgets.answer({ projectId: project.id, questionId: q.id, choice: "stop" }))).toMatch(/^CONFLICT: This question was already answered/);
  }, 180_000);

  it("“continue on a cheaper model” resumes the run one tier down; “stop” then fails the task with the reason", async () => {
    const { project } = await overBudgetProject("ask");
    const first = await openQuestion(project.id);
    expect(await refusal((await as("viewer")).budgets.answer({ projectId: project.id, questionId: first.id, choice: "cheaper" }))).toMatch(/^FORBIDDEN/);
    await (await as("member")).budgets.answer({ projectId: project.id, questionId: first.id, choice: "cheaper" });
    // The cheaper model does not fit a 1-token budget either: the run asks again, now on the fast tier.
    const second = await openQuestion(project.id, first.id);
    expect((second.payload as unknown as BudgetQuestionPayload).tier).toBe("fast");
    expect(second.runId).toBe(first.runId);
    await (await as("member")).budgets.answer({ projectId: project.id, questionId: second.id, choice: "stop" });
    const task = await taskOf(project.id);
    expect(task.status).toBe("failed");
    expect((task.result as { error: string }).error).toMatch(/^Stopped by member .*: over budget\. The project limit of 1 tokens in total is used up/);
    const p = await db.project.findUniqueOrThrow({ where: { id: project.id } });
    expect(p.status).toBe("failed");
    const status = await db.event.findFirstOrThrow({ where: { projectId: project.id, type: "task.status", payload: { path: ["status"], equals: "failed" } } });
    expect((status.payload as { reason: string }).reason).toMatch(/over budget/);
  }, 180_000);

  it("an answer in words works for the choices that need no budget permission", async () => {
    const { project } = await overBudgetProject("ask");
    const q = await openQuestion(project.id);
    expect(await refusal((await as("member")).projects.answer({ projectId: project.id, questionId: q.id, answer: "more money please" }))).toMatch(/^BAD_REQUEST: Answer “continue on a cheaper model” or “stop”/);
    await (await as("member")).projects.answer({ projectId: project.id, questionId: q.id, answer: "Stop" });
    expect((await taskOf(project.id)).status).toBe("failed");
  }, 180_000);
});

describe("over budget: stop the project", () => {
  it("the project stops with the reason in its status; raising the budget and resuming carries on", async () => {
    const { project, budget } = await overBudgetProject("stop");
    const stopped = await until(() => db.project.findUniqueOrThrow({ where: { id: project.id } }), (p) => p.status === "paused", 60_000);
    expect(stopped.status).toBe("paused");
    const event = await db.event.findFirstOrThrow({ where: { projectId: project.id, type: "project.status" }, orderBy: { seq: "desc" } });
    expect(event.payload).toMatchObject({ status: "paused", by: "Budget" });
    expect((event.payload as { reason: string }).reason).toMatch(/^Stopped by its budget: The project limit of 1 tokens in total is used up .*Raise the budget \(Admin → Budgets\), then resume the project\.$/);
    const detail = await projectDetail(project.id);
    expect(detail.statusReason).toMatch(/^Stopped by its budget/);
    expect((await taskOf(project.id)).status).toBe("pending");
    expect((await db.run.findFirstOrThrow({ where: { projectId: project.id } })).status).toBe("cancelled");

    await (await as("admin")).budgets.update({ orgId: fx.org.id, budgetId: budget.id, limit: 10_000_000 });
    await (await as("member")).projects.resume({ projectId: project.id });
    const done = await finished(project.id);
    expect(done.status).not.toBe("failed");
    expect((await projectDetail(project.id)).statusReason).toBeNull();
  }, 180_000);
});
