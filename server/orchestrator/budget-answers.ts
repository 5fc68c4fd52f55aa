import "server-only";
import { formatBudgetAmount } from "@/lib/budgets";
import type { BudgetChoice, BudgetQuestionPayload } from "@/server/agents/over-budget";
import { db, type QuestionModel, type Tx } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { withEvents, type Emit } from "@/server/events";
import { updateBudget } from "@/server/governance/budgets/manage";
import { enqueue } from "@/server/queue";
import { settleProject } from "./scheduler";

// A person answers a run's budget question (see server/agents/over-budget.ts): raise the budget
// (people who manage budgets, inline), continue on a cheaper model, or stop the task. Raising and
// "cheaper" re-queue the same run, which takes the step again; "stop" fails the task with the reason.

type Actor = { userId: string; name: string };

const CHOICE_TEXT: Record<BudgetChoice, string> = { raise: "Raise the budget", cheaper: "Continue on a cheaper model", stop: "Stop" };

async function openBudgetQuestion(tx: Tx, projectId: string, questionId: string): Promise<QuestionModel & { payload: BudgetQuestionPayload }> {
  const q = await tx.question.findFirst({ where: { id: questionId, projectId } });
  if (!q) throw notFound("Question");
  if (q.kind !== "budget") throw new AppError("BAD_REQUEST", "This question is not about a budget.");
  if (q.answeredAt) {
    throw new AppError("CONFLICT", q.outcome === "expired" ? `This question can no longer be answered: it ${q.answer?.replace(/^Expired: /, "expired because ") ?? "expired."}` : `This question was already answered (${q.answer}).`);
  }
  return q as QuestionModel & { payload: BudgetQuestionPayload };
}

export async function answerBudgetQuestion(projectId: string, questionId: string, choice: BudgetChoice, actor: Actor, raise?: { limit: number; confirmBelowSpent?: boolean }): Promise<void> {
  await withEvents(async (tx, emit) => {
    const q = await openBudgetQuestion(tx, projectId, questionId);
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { status: true, orgId: true } });
    if (project.status !== "running" && choice !== "stop") throw new AppError("CONFLICT", `The project is ${project.status.replace("_", " ")}; resume it before answering.`);
    let answerText: string = choice;
    if (choice === "raise") {
      if (!raise) throw new AppError("BAD_REQUEST", "limit: Enter the new limit.");
      const budget = await tx.budget.findFirst({ where: { id: q.payload.budgetId, orgId: project.orgId } });
      if (!budget) throw new AppError("CONFLICT", "That budget was deleted meanwhile: the task can continue; choose “Continue on a cheaper model” or retry.");
      if (raise.limit <= Number(budget.limit)) {
        throw new AppError("BAD_REQUEST", `limit: Raise it above the current ${formatBudgetAmount(budget.metric, Number(budget.limit))}.`);
      }
      await updateBudget(project.orgId, budget.id, raise);
      answerText = `raise to ${formatBudgetAmount(budget.metric, raise.limit)}`;
    }
    const { count } = await tx.question.updateMany({
      where: { id: q.id, answeredAt: null },
      data: { answer: choice === "raise" ? "raise" : choice, outcome: "answered", answeredAt: new Date(), answeredById: actor.userId },
    });
    if (count === 0) throw new AppError("CONFLICT", "Someone else answered this a moment ago.");
    const task = await tx.task.findUniqueOrThrow({ where: { id: q.taskId } });
    await emit({ orgId: q.orgId, projectId, taskId: task.id, type: "question.answered", payload: { questionId: q.id, taskKey: task.key, answer: `${CHOICE_TEXT[choice]}${choice === "raise" ? ` (${answerText.replace(/^raise to /, "to ")})` : ""}`, by: actor.name } });
    if (choice === "stop") return stopTask(tx, emit, q, task, actor);
    const { count: resumed } = await tx.run.updateMany({ where: { id: q.runId ?? "", status: "waiting_for_human" }, data: { status: "queued", claimedBy: null } });
    if (resumed === 0) throw new AppError("CONFLICT", "The run that asked has ended; retry the task instead.");
    await tx.task.update({ where: { id: task.id }, data: { status: "queued" } });
    await emit({
      orgId: q.orgId,
      projectId,
      taskId: task.id,
      runId: q.runId,
      type: "task.status",
      payload: { taskKey: task.key, title: task.title, role: task.role, status: "queued", attempt: task.attempt, reason: choice === "raise" ? `Budget raised by ${actor.name}` : `Continuing on a cheaper model (${actor.name})` },
    });
    await enqueue("run.execute", { runId: q.runId! }, { tx });
  });
}

async function stopTask(tx: Tx, emit: Emit, q: QuestionModel, task: { id: string; key: string; title: string; role: string; attempt: number }, actor: Actor) {
  const reason = `Stopped by ${actor.name}: over budget. ${q.text.replace(/ Raise the budget, continue on a cheaper model, or stop this task\?$/, "")}`;
  if (q.runId) await tx.run.updateMany({ where: { id: q.runId, status: "waiting_for_human" }, data: { status: "failed", finishedAt: new Date(), error: reason } });
  await tx.task.update({ where: { id: task.id }, data: { status: "failed", result: { error: reason } } });
  await emit({ orgId: q.orgId, projectId: q.projectId, taskId: task.id, runId: q.runId, type: "task.status", payload: { taskKey: task.key, title: task.title, role: task.role, status: "failed", attempt: task.attempt, reason } });
  await settleProject(tx, emit, q.projectId);
}

/** Open budget questions of a project (the project page shows them with their choices). */
export async function openBudgetQuestions(projectId: string) {
  const rows = await db.question.findMany({ where: { projectId, kind: "budget", answeredAt: null }, orderBy: { createdAt: "asc" }, take: 20 });
  return rows.map((q) => ({ id: q.id, taskId: q.taskId, text: q.text, payload: q.payload as unknown as BudgetQuestionPayload, createdAt: q.createdAt }));
}
