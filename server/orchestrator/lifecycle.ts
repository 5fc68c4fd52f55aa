import "server-only";
import type { Prisma } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { withEvents, type Emit } from "@/server/events";
import { db, type Tx } from "@/server/db";
import { CostedPlan } from "@/lib/plan";
import { assertPlanFits } from "@/server/governance/budgets/plan-fit";
import { answerBudgetQuestion } from "./budget-answers";
import { cancelPendingChanges } from "./change-requests";
import { decideCommand, expireQuestions, isApproval } from "./approvals";
import { resolveModelRef, type TierQuotes } from "@/server/llm";
import { quotesForProject } from "./planner";
import { checkedEdit } from "./plan-edits";
import { scheduleReady } from "./scheduler";
import { createPlanTasks } from "./plan-tasks";

type Actor = { userId: string; name: string };

// Roles from the team, known keys, no cycles (see plan-edits.ts), then priced again.
const validEdit = (orgId: string, edited: CostedPlan, tx: Tx, quotes: TierQuotes | undefined) => checkedEdit(orgId, edited, tx, quotes);

async function setProjectStatus(tx: Tx, emit: Emit, projectId: string, status: "running" | "paused" | "cancelled", by: string) {
  const p = await tx.project.update({ where: { id: projectId }, data: { status } });
  await emit({ orgId: p.orgId, projectId, type: "project.status", payload: { status, by } });
  return p;
}

/** Approve (optionally after edits on the plan card): the plan's tasks are created and work starts. */
export async function approvePlan(projectId: string, actor: Actor, edited?: CostedPlan, opts: { confirmOverBudget?: boolean } = {}): Promise<void> {
  const quotes = edited ? await quotesForProject(projectId) : undefined;
  await withEvents(async (tx, emit) => {
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId } });
    if (project.status !== "draft") throw new AppError("CONFLICT", `This plan was already ${project.status === "cancelled" ? "cancelled" : "approved"}.`);
    // An edited plan is checked and re-priced here: the browser's numbers are never trusted.
    const plan = edited ? await validEdit(project.orgId, edited, tx, quotes) : CostedPlan.parse(project.plan);
    // A plan that does not fit what is left on its budgets needs the person to say so.
    await assertPlanFits(project.orgId, projectId, plan.totals, opts.confirmOverBudget, tx);
    await createPlanTasks(tx, project.orgId, projectId, plan.tasks);
    await tx.project.update({ where: { id: projectId }, data: { plan: plan as Prisma.InputJsonValue, name: plan.name, goal: plan.goal } });
    await setProjectStatus(tx, emit, projectId, "running", actor.name);
    await scheduleReady(tx, emit, projectId);
  });
}

/** Cancel stops everything: queued and running work is cancelled (runners stop within a heartbeat). */
export async function cancelProject(projectId: string, actor: Actor): Promise<void> {
  await withEvents(async (tx, emit) => {
    const p = await tx.project.findUniqueOrThrow({ where: { id: projectId } });
    if (["completed", "cancelled"].includes(p.status)) throw new AppError("CONFLICT", `The project is already ${p.status}.`);
    await tx.run.updateMany({ where: { projectId, status: { in: ["queued", "running", "waiting_for_human"] } }, data: { status: "cancelled", finishedAt: new Date() } });
    // Open questions and command approvals end with the project: nobody can answer them any more.
    await expireQuestions(tx, emit, { projectId }, "the project was cancelled");
    await cancelPendingChanges(tx, emit, projectId, actor);
    const open = await tx.task.findMany({ where: { projectId, status: { notIn: ["succeeded", "failed", "cancelled"] } } });
    for (const t of open) {
      await tx.task.update({ where: { id: t.id }, data: { status: "cancelled" } });
      await emit({
        orgId: p.orgId,
        projectId,
        taskId: t.id,
        type: "task.status",
        payload: { taskKey: t.key, title: t.title, role: t.role, status: "cancelled", attempt: t.attempt, reason: `Cancelled by ${actor.name}` },
      });
    }
    await setProjectStatus(tx, emit, projectId, "cancelled", actor.name);
  });
}

/** Pause: nothing new starts; running agents stop at their next step and their tasks wait. */
export async function pauseProject(projectId: string, actor: Actor): Promise<void> {
  await withEvents(async (tx, emit) => {
    const p = await tx.project.findUniqueOrThrow({ where: { id: projectId } });
    if (p.status !== "running") throw new AppError("CONFLICT", "Only a running project can be paused.");
    await setProjectStatus(tx, emit, projectId, "paused", actor.name);
  });
}

export async function resumeProject(projectId: string, actor: Actor): Promise<void> {
  await withEvents(async (tx, emit) => {
    const p = await tx.project.findUniqueOrThrow({ where: { id: projectId } });
    if (!["paused", "failed", "needs_attention"].includes(p.status)) throw new AppError("CONFLICT", "Only a paused project can be resumed.");
    await setProjectStatus(tx, emit, projectId, "running", actor.name);
    await scheduleReady(tx, emit, projectId);
  });
}

/** Retry a failed (or cancelled) task: it and the tasks it stopped run again; finished work stays. */
export async function retryTask(projectId: string, taskId: string, actor: Actor): Promise<void> {
  await withEvents(async (tx, emit) => {
    const task = await tx.task.findFirst({ where: { id: taskId, projectId } });
    if (!task) throw notFound("Task");
    if (!["failed", "cancelled", "needs_attention"].includes(task.status)) throw new AppError("CONFLICT", "Only a failed, cancelled or needs-attention task can be retried.");
    // A retry is a new run: nothing a person approved for an earlier run carries over.
    await expireQuestions(tx, emit, { taskId: task.id }, "the task was retried");
    const tasks = await tx.task.findMany({ where: { projectId } });
    // The task and everything downstream of it that did not finish goes back to pending.
    const downstream = new Set([task.key]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of tasks) {
        if (!downstream.has(t.key) && t.dependsOn.some((d) => downstream.has(d))) {
          downstream.add(t.key);
          grew = true;
        }
      }
    }
    for (const t of tasks) {
      if (!downstream.has(t.key) || t.status === "succeeded" || t.status === "pending") continue;
      await tx.task.update({ where: { id: t.id }, data: { status: "pending" } });
      await emit({
        orgId: t.orgId,
        projectId,
        taskId: t.id,
        type: "task.status",
        payload: { taskKey: t.key, title: t.title, role: t.role, status: "pending", attempt: t.attempt, reason: `Retried by ${actor.name}` },
      });
    }
    const p = await tx.project.findUniqueOrThrow({ where: { id: projectId } });
    if (p.status !== "running") await setProjectStatus(tx, emit, projectId, "running", actor.name);
    await scheduleReady(tx, emit, projectId);
  });
}

/** A person answers an agent's question (or approves a command); the task continues. */
export async function answerQuestion(projectId: string, questionId: string, answer: string, actor: Actor): Promise<void> {
  // A command approval answered in words (the chat's button says "Approved"): anything else denies it, with the words as the reason.
  const asked = await db.question.findFirst({ where: { id: questionId, projectId }, select: { kind: true } });
  if (asked?.kind === "command_approval") return decideCommand(projectId, questionId, isApproval(answer) ? "approve" : "deny", answer, actor);
  // A budget question answered in words: only the choices that need no budget permission.
  if (asked?.kind === "budget") {
    if (/^\s*(continue|cheaper)/i.test(answer)) return answerBudgetQuestion(projectId, questionId, "cheaper", actor);
    if (/^\s*stop\b/i.test(answer)) return answerBudgetQuestion(projectId, questionId, "stop", actor);
    throw new AppError("BAD_REQUEST", "Answer “continue on a cheaper model” or “stop”; raising the budget is a button for people who manage budgets.");
  }
  await withEvents(async (tx, emit) => {
    const q = await tx.question.findFirst({ where: { id: questionId, projectId } });
    if (!q) throw notFound("Question");
    const { count } = await tx.question.updateMany({
      where: { id: q.id, answeredAt: null },
      data: { answer, outcome: "answered", answeredAt: new Date(), answeredById: actor.userId },
    });
    if (count === 0) {
      throw new AppError("CONFLICT", q.outcome === "expired" ? `This question can no longer be answered: it ${q.answer?.replace(/^Expired: /, "expired because ") ?? "expired."}` : "This question was already answered.");
    }
    const task = await tx.task.findUniqueOrThrow({ where: { id: q.taskId } });
    const feedback = [...((task.feedback as unknown[]) ?? []), { from: actor.name, kind: "answer", text: `Q: ${q.text}\nA: ${answer}`, at: new Date().toISOString() }];
    await tx.task.update({ where: { id: task.id }, data: { feedback: feedback as Prisma.InputJsonValue, status: task.status === "waiting_for_human" ? "pending" : task.status } });
    await emit({ orgId: q.orgId, projectId, taskId: task.id, type: "question.answered", payload: { questionId: q.id, taskKey: task.key, answer, by: actor.name } });
    await scheduleReady(tx, emit, projectId);
  });
}

/** Project settings: commands need a person's approval; the step and time limits of each run. */
export async function updateProjectSettings(
  projectId: string,
  settings: {
    requireCommandApproval?: boolean;
    maxSteps?: number;
    maxRunMinutes?: number;
    learnedRouting?: { enabled: boolean; marginPct: number };
    modelOverrides?: { role: string; model: string }[];
  },
): Promise<void> {
  const p = await db.project.findUniqueOrThrow({ where: { id: projectId } });
  const { modelOverrides, ...rest } = settings;
  for (const { role, model } of modelOverrides ?? []) {
    if (!(await resolveModelRef(p.orgId, model))) {
      throw new AppError("BAD_REQUEST", `The model "${model}" chosen for ${role === "*" ? "every role" : `the ${role} role`} is not an enabled model of this organisation (see Admin → Models).`);
    }
  }
  // Stored as { role: model }, the shape the runner reads.
  const overrides = modelOverrides ? { modelOverrides: Object.fromEntries(modelOverrides.map((o) => [o.role, o.model])) } : {};
  await db.project.update({ where: { id: projectId }, data: { settings: { ...((p.settings as object) ?? {}), ...rest, ...overrides } } });
}
