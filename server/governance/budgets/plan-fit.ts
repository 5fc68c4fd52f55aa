import "server-only";
import { formatBudgetAmount } from "@/lib/budgets";
import { AppError } from "@/server/errors";
import { db, type Tx } from "@/server/db";
import { budgetTitle, scopeNames } from "./budget-labels";
import { listBudgetStatus } from "./status";

export type PlanEstimate = { tokens: number; costUsd: number };

export type PlanBudgetLine = { budgetId: string; title: string; metric: string; period: string; limit: number; left: number; needed: number; fits: boolean };

/**
 * The budgets a plan's work will be charged to (the org's and the project's, on dollars and tokens;
 * rates and concurrency shape the pace, not the total), with what is left on each against the
 * plan's estimate.
 */
export async function planBudgetFit(orgId: string, projectId: string, estimate: PlanEstimate, client: Tx = db): Promise<{ lines: PlanBudgetLine[]; fits: boolean }> {
  // One after the other: inside a transaction the client is one connection (on PGlite, `db` there would
  // wait for the transaction itself).
  const org = await listBudgetStatus(orgId, { scope: "org" }, client);
  const project = await listBudgetStatus(orgId, { scope: "project", scopeId: projectId }, client);
  const relevant = [...org, ...project].filter((s) => (s.metric === "usd" || s.metric === "tokens") && s.period !== "minute");
  const names = await scopeNames(client, relevant);
  const lines = relevant.map((s) => {
    const needed = s.metric === "usd" ? estimate.costUsd : estimate.tokens;
    return { budgetId: s.id, title: budgetTitle(s, names), metric: s.metric, period: s.period, limit: s.limit, left: s.remaining, needed, fits: needed <= s.remaining };
  });
  return { lines, fits: lines.every((l) => l.fits) };
}

/** Approving work that does not fit a budget needs the person to say so (or to raise the budget first). */
export async function assertPlanFits(orgId: string, projectId: string, estimate: PlanEstimate, confirmOverBudget: boolean | undefined, client: Tx = db): Promise<void> {
  if (confirmOverBudget) return;
  const fit = await planBudgetFit(orgId, projectId, estimate, client);
  const over = fit.lines.filter((l) => !l.fits);
  if (over.length === 0) return;
  const list = over.map((l) => `the ${l.title} has ${formatBudgetAmount(l.metric, l.left)} left, the plan needs about ${formatBudgetAmount(l.metric, l.needed)}`).join("; ");
  throw new AppError("PRECONDITION_FAILED", `This plan does not fit the budget: ${list}. Raise the budget, or confirm to approve it anyway (work stops or asks when the budget runs out).`);
}
