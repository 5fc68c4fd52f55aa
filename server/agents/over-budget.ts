import "server-only";
import type { Prisma, Tx } from "@/server/db";
import { db } from "@/server/db";
import { withEvents, type Emit } from "@/server/events";
import type { BudgetExceededError } from "@/server/governance/budgets/errors";
import type { Tier } from "@/server/llm";
import type { RunScope } from "./settle";

// What a run does when a model call does not fit a budget (server/llm refused it; nothing was spent):
//  - a per-minute budget is a rate limit: wait for the next window and try the same step again;
//  - "stop": the project stops (paused, with the reason in its status event) until someone raises
//    the budget and resumes it; the run's task waits;
//  - "ask" (and "degrade" once no cheaper tier is left): the run pauses on a question with three
//    choices (raise the budget, continue on a cheaper model, stop); the answer resumes or stops it.

/** The choices a budget question offers (the UI renders them as buttons). */
export const BUDGET_CHOICES = ["raise", "cheaper", "stop"] as const;
export type BudgetChoice = (typeof BUDGET_CHOICES)[number];

export type BudgetQuestionPayload = {
  budgetId: string;
  scope: string;
  scopeId: string;
  metric: string;
  period: string;
  limit: number;
  spent: number;
  needed: number;
  policy: string;
  tier: string;
  choices: readonly BudgetChoice[];
};

const CHEAPER: Record<Tier, Tier> = { deep: "standard", standard: "fast", fast: "fast" };
const MAX_RATE_WAIT_MS = 60_000;

/** The tier this run uses: its agent's, one step cheaper per "continue on a cheaper model" answer. */
export async function runTier(runId: string, base: Tier): Promise<Tier> {
  const cheaper = await db.question.count({ where: { runId, kind: "budget", outcome: "answered", answer: "cheaper" } });
  let tier = base;
  for (let i = 0; i < cheaper; i++) tier = CHEAPER[tier];
  return tier;
}

/** Waits out a per-minute budget (a rate limit) and says whether to try the step again. */
export async function waitForRateWindow(err: BudgetExceededError, signal: AbortSignal): Promise<boolean> {
  if (err.budget.period !== "minute" || signal.aborted) return false;
  const ms = Math.min(err.retryAfterMs ?? 1000, MAX_RATE_WAIT_MS);
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });
  return !signal.aborted;
}

async function taskStatus(tx: Tx, emit: Emit, s: RunScope, status: "pending" | "waiting_for_human", reason: string) {
  await tx.task.update({ where: { id: s.task.id }, data: { status } });
  await emit({
    orgId: s.task.orgId,
    projectId: s.project.id,
    taskId: s.task.id,
    runId: s.runId,
    type: "task.status",
    payload: { taskKey: s.task.key, title: s.task.title, role: s.task.role, status, attempt: s.task.attempt, reason },
  });
}

/** The run that hit the budget acts on its policy; every outcome is readable on the project page. */
export async function settleOverBudget(s: RunScope, err: BudgetExceededError, tier: Tier): Promise<void> {
  if (err.policy === "stop") return stopProject(s, err);
  return askAboutBudget(s, err, tier);
}

async function stopProject(s: RunScope, err: BudgetExceededError) {
  await withEvents(async (tx, emit) => {
    const { count } = await tx.run.updateMany({
      where: { id: s.runId, status: "running", claimedBy: s.workerId },
      data: { status: "cancelled", finishedAt: new Date(), summary: "Stopped by a budget", error: err.message },
    });
    if (count === 0) return;
    await taskStatus(tx, emit, s, "pending", "Waiting: the project was stopped by its budget");
    const { count: stopped } = await tx.project.updateMany({ where: { id: s.project.id, status: "running" }, data: { status: "paused" } });
    if (stopped === 0) return;
    await emit({
      orgId: s.task.orgId,
      projectId: s.project.id,
      type: "project.status",
      payload: { status: "paused", by: "Budget", reason: `Stopped by its budget: ${err.message} Raise the budget (Admin → Budgets), then resume the project.` },
    });
  });
}

async function askAboutBudget(s: RunScope, err: BudgetExceededError, tier: Tier) {
  const b = err.budget;
  const degradeNote = err.policy === "degrade" ? " No cheaper model fits either." : "";
  const text = `${err.message}${degradeNote} Raise the budget, continue on a cheaper model, or stop this task?`;
  const payload: BudgetQuestionPayload = {
    budgetId: b.id,
    scope: b.scope,
    scopeId: b.scopeId,
    metric: b.metric,
    period: b.period,
    limit: b.limit,
    spent: b.spent,
    needed: err.needed,
    policy: err.policy,
    tier,
    choices: BUDGET_CHOICES,
  };
  await withEvents(async (tx, emit) => {
    // The same run resumes with the answer (its recorded steps are its memory), as for a command approval.
    const { count } = await tx.run.updateMany({ where: { id: s.runId, status: "running", claimedBy: s.workerId }, data: { status: "waiting_for_human", claimedBy: null } });
    if (count === 0) return;
    const q = await tx.question.create({
      data: { orgId: s.task.orgId, projectId: s.project.id, taskId: s.task.id, runId: s.runId, kind: "budget", text, payload: payload as Prisma.InputJsonValue },
    });
    await emit({
      orgId: s.task.orgId,
      projectId: s.project.id,
      taskId: s.task.id,
      runId: s.runId,
      type: "question.asked",
      payload: { questionId: q.id, taskKey: s.task.key, role: s.agent.role, kind: "budget", text },
    });
    await taskStatus(tx, emit, s, "waiting_for_human", "Waiting: over budget, a person decides");
  });
}
