import { db, type Tx } from "@/server/db";
import type { Emit } from "@/server/events";
import { checkBudgetAlerts } from "./alerts";
import { ceilUsd } from "./estimate";
import { periodBounds, sqlTimestamp } from "./periods";
import type { ActualUse, Admission, CallMetric } from "./types";

const chargeFor = (metric: CallMetric, actual: ActualUse): number =>
  metric === "usd" ? ceilUsd(actual.usd) : metric === "tokens" ? Math.max(0, Math.ceil(actual.tokens)) : Math.max(0, actual.requests);

/**
 * Settles an admitted call in the caller's transaction (the one recording its LlmCall): deletes the
 * admission's holds — deleting the row is the exactly-once guard, so `held` drops only by rows this
 * transaction actually deleted (a second settle, or a sweep that got there first, releases nothing) —
 * and adds what the call really cost to `spent`, rolling the period if a new one started. Failed,
 * aborted and cancelled calls are charged what they cost. Then the 50/80/100 % alerts.
 * Returns the ids of the budgets charged.
 */
export async function settle(tx: Tx, admission: Admission, actual: ActualUse, emit?: Emit): Promise<string[]> {
  if (admission.budgets.length === 0) return [];
  const ids = await apply(tx, admission, actual);
  await checkBudgetAlerts(tx, ids, emit);
  return ids;
}

/** Gives the holds back without charging anything (a call that never reached the provider). Idempotent. */
export async function release(admission: Admission): Promise<void> {
  if (admission.budgets.length === 0) return;
  await db.$transaction((tx) => apply(tx, admission, { usd: 0, tokens: 0, requests: 0 }));
}

async function apply(tx: Tx, admission: Admission, actual: ActualUse): Promise<string[]> {
  const deleted = await tx.$queryRaw<{ budgetId: string; amount: unknown }[]>`
    DELETE FROM "BudgetHold" WHERE "admissionId" = ${admission.id} RETURNING "budgetId", "amount"`;
  const released = new Map<string, number>();
  for (const d of deleted) released.set(d.budgetId, (released.get(d.budgetId) ?? 0) + Number(d.amount));
  const now = new Date();
  const nowSql = sqlTimestamp(now);
  const ids: string[] = [];
  // Id order, as admission locks them: no deadlock between settlements and admissions.
  for (const b of [...admission.budgets].sort((x, y) => (x.budgetId < y.budgetId ? -1 : 1))) {
    const charge = chargeFor(b.metric, actual);
    const back = released.get(b.budgetId) ?? 0;
    if (charge === 0 && back === 0) continue;
    const startSql = sqlTimestamp(periodBounds(b.period, b.timeZone, now).start);
    await tx.$executeRaw`
      UPDATE "Budget" SET
        "spent" = CASE WHEN "periodStart" < ${startSql}::timestamp THEN 0 ELSE "spent" END + ${charge.toFixed(6)}::numeric,
        "alerted" = CASE WHEN "periodStart" < ${startSql}::timestamp THEN 0 ELSE "alerted" END,
        "periodStart" = GREATEST("periodStart", ${startSql}::timestamp),
        "held" = GREATEST("held" - ${back.toFixed(6)}::numeric, 0),
        "updatedAt" = ${nowSql}::timestamp
      WHERE "id" = ${b.budgetId}`;
    if (charge > 0) ids.push(b.budgetId);
  }
  return ids;
}
