import "server-only";
import { formatBudgetAmount } from "@/lib/budgets";
import type { LiveEvent } from "@/lib/events";
import { can } from "@/lib/rbac";
import { recordAuditIn } from "@/server/audit";
import type { BudgetModel, Tx } from "@/server/db";
import type { Emit } from "@/server/events";
import { notify } from "@/server/governance/notifications";
import { budgetTitle, scopeNames } from "./budget-labels";

export const ALERT_THRESHOLDS = [50, 80, 100] as const;

/** The highest threshold `spent` has reached on `limit`, or 0. */
export function reachedThreshold(spent: number, limit: number): number {
  if (!(limit > 0)) return 0;
  const percent = (spent / limit) * 100;
  return [...ALERT_THRESHOLDS].reverse().find((t) => percent >= t) ?? 0;
}

/**
 * After settlement, in the settling transaction: for each budget whose spend crossed 50, 80 or 100 %
 * since its last alert, one notification (for the people who manage budgets, and the project's
 * creator for a project budget) and one audit row. "Once per threshold and period" holds twice: the
 * conditional raise of `Budget.alerted` (the row is already locked by the settlement, so concurrent
 * settlements queue behind it), and the notification's unique dedupeKey budgetId:periodStart:threshold.
 * Crossing several thresholds in one call sends only the highest. Returns the org events recorded
 * when no `emit` is given: publish them after the commit.
 */
export async function checkBudgetAlerts(tx: Tx, budgetIds: string[], emit?: Emit): Promise<LiveEvent[]> {
  if (budgetIds.length === 0) return [];
  return alertsFor(tx, await tx.budget.findMany({ where: { id: { in: [...new Set(budgetIds)] } } }), emit);
}

/** The same for budget rows the caller already has as they are now (settlement's statement returns them). */
export async function alertsFor(tx: Tx, rows: BudgetModel[], emit?: Emit): Promise<LiveEvent[]> {
  const events: LiveEvent[] = [];
  const due = rows
    .map((b) => ({ ...b, limitN: Number(b.limit), spentN: Number(b.spent) }))
    .map((b) => ({ ...b, threshold: reachedThreshold(b.spentN, b.limitN) }))
    .filter((b) => b.threshold > b.alerted && b.metric !== "concurrent_runs");
  if (due.length === 0) return events;
  const names = await scopeNames(tx, due);
  for (const b of due) {
    const { count } = await tx.budget.updateMany({ where: { id: b.id, alerted: { lt: b.threshold } }, data: { alerted: b.threshold } });
    if (count === 0) continue;
    const title = `${b.threshold}% of the ${budgetTitle({ ...b, limit: b.limitN }, names)} used`;
    const what = b.threshold >= 100 ? `It is used up: new model calls on it are handled by its policy (${b.policy}).` : "Raise it on the Budgets page if this is expected.";
    const body = `${formatBudgetAmount(b.metric, b.spentN)} of ${formatBudgetAmount(b.metric, b.limitN)} spent this period. ${what}`;
    const key = `${b.id}:${b.periodStart.toISOString()}:${b.threshold}`;
    const base = { orgId: b.orgId, kind: "budget", severity: b.threshold >= 100 ? ("critical" as const) : b.threshold >= 80 ? ("warning" as const) : ("info" as const), title, body, link: "/admin/budgets" };
    const created = await notify(tx, { ...base, permission: "budgets:manage", dedupeKey: key }, emit, events);
    if (!created) continue;
    if (b.scope === "project") await notifyCreator(tx, b.orgId, b.scopeId, { ...base, dedupeKey: key }, emit, events);
    await recordAuditIn(tx, {
      orgId: b.orgId,
      action: "budget.threshold",
      targetType: "budget",
      targetId: b.id,
      outcome: "success",
      detail: { threshold: b.threshold, spent: b.spentN, limit: b.limitN, metric: b.metric, period: b.period, periodStart: b.periodStart.toISOString(), notificationId: created },
    });
  }
  return events;
}

/** The project's creator hears about their project's budget too, unless they manage budgets anyway. */
async function notifyCreator(tx: Tx, orgId: string, projectId: string, n: Parameters<typeof notify>[1] & { dedupeKey: string }, emit: Emit | undefined, events: LiveEvent[]) {
  const project = await tx.project.findFirst({ where: { id: projectId, orgId }, select: { createdById: true } });
  if (!project?.createdById) return;
  const membership = await tx.membership.findUnique({ where: { orgId_userId: { orgId, userId: project.createdById } }, select: { role: true, status: true } });
  if (!membership || membership.status !== "active" || can(membership.role, "budgets:manage")) return;
  await notify(tx, { ...n, userId: project.createdById, permission: null, link: `/projects/${projectId}`, dedupeKey: `${n.dedupeKey}:creator` }, emit, events);
}
