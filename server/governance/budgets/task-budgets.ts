import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/server/db";
import { sqlTimestamp } from "./periods";
import type { BudgetPolicy } from "./types";

// A task may spend its plan estimate times a project setting (settings.taskBudgetMultiplier, default 2),
// as a "total" dollar budget; by default at least the estimate plus one step's worst case (see below). Only in dollars: a token budget would refuse the first step of a small
// task outright (one call's worst case holds its whole output allowance), and an unpriced plan (the
// offline model, costing nothing) gets none. The row is created lazily at the task's first model call;
// policy from settings.taskBudgetPolicy (default "ask").

export const DEFAULT_TASK_MULTIPLIER = 2;

type TaskSettings = { taskBudgetMultiplier?: number; taskBudgetPolicy?: BudgetPolicy };
type Estimate = { tokens?: number; costUsd?: number } | null;

// Tasks whose budgets this process already made sure of: one upsert per task and process, not per call.
const ensured = new Set<string>();
const ENSURED_MAX = 10_000;

/**
 * The task budget limits a project's settings give a task's estimate (none without an estimate).
 * `stepWorstUsd`: what admission holds for one step of the task's model at most (stepWorstCaseUsd).
 */
export function taskBudgetLimits(estimate: unknown, settings: unknown, stepWorstUsd = 0): { usd: number | null; policy: BudgetPolicy } {
  const s = (settings ?? {}) as TaskSettings;
  const e = (estimate ?? null) as Estimate;
  const chosen = typeof s.taskBudgetMultiplier === "number" && s.taskBudgetMultiplier > 0 ? s.taskBudgetMultiplier : null;
  const policy = s.taskBudgetPolicy ?? "ask";
  if (!(typeof e?.costUsd === "number" && e.costUsd > 0)) return { usd: null, policy };
  // Every step holds its worst case (the prompt bound plus the whole output allowance) before it runs and
  // gives the rest back after. On a priced model that hold is often above twice a task's estimate, so a
  // budget of 2× the estimate would stop the very first step to ask a person. The default therefore
  // leaves room for the estimate plus one step's worst case: a task asks only once it really spent its
  // estimate. A multiplier the project chose is what the person asked for and is kept as it is.
  const usd = chosen !== null ? e.costUsd * chosen : Math.max(e.costUsd * DEFAULT_TASK_MULTIPLIER, e.costUsd + Math.max(0, stepWorstUsd));
  return { usd: Math.ceil(usd * 1e6) / 1e6, policy };
}

/**
 * The most one step of a task can hold: a prompt as large as the context window of its role's model
 * (the agent loop keeps its prompt within it) plus the output allowance every step is sent with, at that
 * model's price. 0 when it cannot be told (no such tier in the org): the multiplier alone then applies.
 * Imported when needed: the gateway imports this folder, so a static import would be a cycle.
 */
export async function stepWorstCaseUsd(orgId: string, role: string, client: Tx = db): Promise<number> {
  const agent = await client.agent.findFirst({ where: { orgId, role, enabled: true }, select: { modelTier: true } });
  const tier = agent?.modelTier === "fast" || agent?.modelTier === "deep" ? agent.modelTier : "standard";
  try {
    const [{ resolveModelFor }, { outputAllowance }, { costOf }] = await Promise.all([
      import("@/server/llm"),
      import("@/server/llm/pipeline/admission"),
      import("@/server/llm/prices"),
    ]);
    const model = await resolveModelFor(orgId, tier);
    return costOf(model.price, { inputTokens: model.contextWindow, outputTokens: outputAllowance(model, {}), cachedInputTokens: 0 });
  } catch {
    return 0;
  }
}

/** Creates the task's budget rows if missing (existing ones keep their limit: a person may have raised it). */
export async function ensureTaskBudgets(taskId: string, client: Tx = db): Promise<void> {
  if (ensured.has(taskId)) return;
  await syncTaskBudget(taskId, client, false);
  if (ensured.size >= ENSURED_MAX) ensured.clear();
  ensured.add(taskId);
}

/**
 * Sets the task budgets of every open task of a project from its current settings (after the
 * multiplier or policy changed). Limits only grow here: a task never loses budget it was given.
 */
export async function syncProjectTaskBudgets(projectId: string, client: Tx = db): Promise<void> {
  const tasks = await client.task.findMany({ where: { projectId, status: { notIn: ["succeeded", "cancelled"] } }, select: { id: true } });
  for (const t of tasks) await syncTaskBudget(t.id, client, true);
}

async function syncTaskBudget(taskId: string, client: Tx, update: boolean): Promise<void> {
  const task = await client.task.findUnique({ where: { id: taskId }, select: { orgId: true, role: true, estimate: true, project: { select: { settings: true } } } });
  if (!task) return;
  const { usd, policy } = taskBudgetLimits(task.estimate, task.project.settings, await stepWorstCaseUsd(task.orgId, task.role, client));
  for (const [metric, limit] of [["usd", usd]] as const) {
    if (limit === null) continue;
    const key = { scope_scopeId_metric_period: { scope: "task", scopeId: taskId, metric, period: "total" } };
    const existing = await client.budget.findUnique({ where: key, select: { limit: true } });
    if (!existing) {
      // Concurrent first calls of one task (two processes): the unique key keeps one row.
      await client.$executeRaw`
        INSERT INTO "Budget" ("id", "orgId", "scope", "scopeId", "metric", "period", "limit", "policy", "updatedAt")
        VALUES (${randomUUID()}, ${task.orgId}, 'task', ${taskId}, ${metric}, 'total', ${limit.toFixed(6)}::numeric, ${policy}, ${sqlTimestamp(new Date())}::timestamp)
        ON CONFLICT ("scope", "scopeId", "metric", "period") DO NOTHING`;
    } else if (update) {
      await client.budget.update({ where: key, data: { policy, ...(Number(existing.limit) < limit ? { limit } : {}) } });
    }
  }
}
