import { db, type Tx } from "@/server/db";
import { BudgetExceededError } from "./errors";
import { periodBounds } from "./periods";
import type { BudgetPolicy, BudgetScope } from "./types";

export type SlotOutcome = { result: "claimed" | "taken" } | { result: "full"; error: BudgetExceededError };

type LimitRow = { id: string; orgId: string; scope: string; scopeId: string; policy: string; limit: unknown };

/**
 * Claims a run within the org's and project's "concurrent_runs" budgets. With such budgets, their rows
 * are locked (id order) in one transaction, the runs running now are counted, and `claim` runs only if
 * every limit has room: two workers can never both take the last slot. A run over a limit is not
 * failed: the caller leaves it queued and tries again later. Counting live runs (instead of a counter)
 * means a crashed worker's run stops counting as soon as the reaper re-queues it.
 */
export async function claimWithinRunLimits(run: { orgId: string; projectId: string }, claim: (tx: Tx) => Promise<boolean>): Promise<SlotOutcome> {
  const limits = await db.budget.findMany({
    where: {
      orgId: run.orgId,
      metric: "concurrent_runs",
      OR: [
        { scope: "org", scopeId: run.orgId },
        { scope: "project", scopeId: run.projectId },
      ],
    },
    select: { id: true },
  });
  if (limits.length === 0) return { result: (await claim(db)) ? "claimed" : "taken" };
  return db.$transaction(async (tx) => {
    for (const { id } of [...limits].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const [row] = await tx.$queryRaw<LimitRow[]>`
        SELECT "id", "orgId", "scope", "scopeId", "policy", "limit" FROM "Budget" WHERE "id" = ${id} FOR UPDATE`;
      if (!row) continue;
      const running = await tx.run.count({ where: { status: "running", ...(row.scope === "org" ? { orgId: run.orgId } : { projectId: run.projectId }) } });
      const limit = Number(row.limit);
      if (running + 1 > limit) {
        const { start, end } = periodBounds("total", "UTC");
        const error = new BudgetExceededError(
          { id: row.id, orgId: row.orgId, scope: row.scope as BudgetScope, scopeId: row.scopeId, metric: "concurrent_runs", period: "total", policy: row.policy as BudgetPolicy, limit, spent: running, held: 0, periodStart: start, periodEnd: end },
          1,
        );
        return { result: "full" as const, error };
      }
    }
    return { result: (await claim(tx)) ? ("claimed" as const) : ("taken" as const) };
  });
}
