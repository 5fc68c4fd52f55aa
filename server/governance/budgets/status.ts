import { db, type Tx } from "@/server/db";
import { periodBounds } from "./periods";
import type { BudgetMetric, BudgetPeriod, BudgetPolicy, BudgetScope } from "./types";

export type BudgetStatus = {
  id: string;
  orgId: string;
  scope: BudgetScope;
  scopeId: string;
  metric: BudgetMetric;
  period: BudgetPeriod;
  policy: BudgetPolicy;
  limit: number;
  /** In the current period (0 when the stored period has ended: periods roll lazily, on the next call). */
  spent: number;
  /** Worst case held by calls in flight; for concurrent_runs, the runs running now. */
  held: number;
  remaining: number;
  /** Whole percent of the limit spent (concurrent_runs: of the limit running). */
  percent: number;
  periodStart: Date;
  periodEnd: Date | null;
  alerted: number;
};

type Row = {
  id: string;
  orgId: string;
  scope: string;
  scopeId: string;
  metric: string;
  period: string;
  policy: string;
  limit: unknown;
  spent: unknown;
  held: unknown;
  periodStart: Date;
  alerted: number;
};

/** A budget row as the UI shows it, in the org's time zone at `now`; `running` counts live runs for concurrency budgets. */
export function toStatus(b: Row, timeZone: string, now: Date = new Date(), running = 0): BudgetStatus {
  const bounds = periodBounds(b.period as BudgetPeriod, timeZone, now);
  const rolled = b.periodStart.getTime() < bounds.start.getTime();
  const limit = Number(b.limit);
  const concurrency = b.metric === "concurrent_runs";
  const spent = concurrency ? 0 : rolled ? 0 : Number(b.spent);
  const held = concurrency ? running : Number(b.held);
  const used = concurrency ? running : spent;
  return {
    id: b.id,
    orgId: b.orgId,
    scope: b.scope as BudgetScope,
    scopeId: b.scopeId,
    metric: b.metric as BudgetMetric,
    period: b.period as BudgetPeriod,
    policy: b.policy as BudgetPolicy,
    limit,
    spent,
    held,
    remaining: Math.max(0, Math.round((limit - spent - held) * 1e6) / 1e6),
    percent: limit > 0 ? Math.round((used / limit) * 100) : used > 0 ? 100 : 0,
    periodStart: rolled ? bounds.start : period0(b, bounds.start),
    periodEnd: bounds.end,
    alerted: rolled ? 0 : b.alerted,
  };
}

// A total budget's period is its whole life: show when it started counting, not the epoch.
const period0 = (b: Row, start: Date) => (b.period === "total" ? b.periodStart : start);

async function runningCounts(orgId: string, client: Tx): Promise<{ org: number; byProject: Map<string, number> }> {
  const groups = await client.run.groupBy({ by: ["projectId"], where: { orgId, status: "running" }, _count: { _all: true } });
  const byProject = new Map(groups.map((g) => [g.projectId, g._count._all]));
  return { org: groups.reduce((n, g) => n + g._count._all, 0), byProject };
}

/** Every budget of an org (optionally of one scope / scope id) with its status. */
export async function listBudgetStatus(orgId: string, filter: { scope?: BudgetScope; scopeId?: string } = {}, client: Tx = db): Promise<BudgetStatus[]> {
  // One after the other: inside a transaction the client is one connection.
  const rows = await client.budget.findMany({ where: { orgId, ...(filter.scope ? { scope: filter.scope } : {}), ...(filter.scopeId ? { scopeId: filter.scopeId } : {}) }, orderBy: { createdAt: "asc" } });
  const org = await client.org.findUnique({ where: { id: orgId }, select: { timeZone: true } });
  const now = new Date();
  const running = rows.some((r) => r.metric === "concurrent_runs") ? await runningCounts(orgId, client) : null;
  return rows.map((r) =>
    toStatus(r, org?.timeZone ?? "UTC", now, !running ? 0 : r.scope === "org" ? running.org : (running.byProject.get(r.scopeId) ?? 0)),
  );
}

/** One budget's status: from its row (always), or by id (null when it does not exist, in this org if given). */
export async function budgetStatus(budget: Row, orgId?: string, client?: Tx): Promise<BudgetStatus>;
export async function budgetStatus(budget: string, orgId?: string, client?: Tx): Promise<BudgetStatus | null>;
export async function budgetStatus(budget: string | Row, orgId?: string, client: Tx = db): Promise<BudgetStatus | null> {
  const row = typeof budget === "string" ? await client.budget.findFirst({ where: { id: budget, ...(orgId ? { orgId } : {}) } }) : budget;
  if (!row) return null;
  const org = await client.org.findUnique({ where: { id: row.orgId }, select: { timeZone: true } });
  let running = 0;
  if (row.metric === "concurrent_runs") {
    running = await client.run.count({ where: { status: "running", ...(row.scope === "org" ? { orgId: row.orgId } : { projectId: row.scopeId }) } });
  }
  return toStatus(row, org?.timeZone ?? "UTC", new Date(), running);
}
