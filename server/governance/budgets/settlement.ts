import { db, type BudgetModel, type Tx } from "@/server/db";
import type { Emit } from "@/server/events";
import { alertsFor } from "./alerts";
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
  const charged = await apply(tx, admission, actual);
  await alertsFor(tx, charged, emit);
  return charged.map((b) => b.id);
}

/** Gives the holds back without charging anything (a call that never reached the provider). Idempotent. */
export async function release(admission: Admission): Promise<void> {
  if (admission.budgets.length === 0) return;
  await db.$transaction((tx) => apply(tx, admission, { usd: 0, tokens: 0, requests: 0 }));
}

/**
 * One statement: the rows are locked in id order (as admission locks them: no deadlock between
 * settlements and admissions), the admission's holds are deleted, and each budget gets back what was
 * deleted and is charged what the call cost. Returns the charged budgets as they are now (for alerts).
 */
async function apply(tx: Tx, admission: Admission, actual: ActualUse): Promise<BudgetModel[]> {
  const now = new Date();
  const plan = admission.budgets.map((b) => ({ id: b.budgetId, charge: chargeFor(b.metric, actual), start: periodBounds(b.period, b.timeZone, now).start }));
  const ids = plan.map((p) => p.id);
  return tx.$queryRaw<BudgetModel[]>`
    WITH want AS (
      SELECT * FROM unnest(${ids}::text[], ${plan.map((p) => p.charge.toFixed(6))}::numeric[], ${plan.map((p) => sqlTimestamp(p.start))}::timestamp[]) AS w("id", "charge", "start")
    ),
    locked AS MATERIALIZED (
      SELECT "id" FROM "Budget" WHERE "id" = ANY(${ids}::text[]) ORDER BY "id" FOR UPDATE
    ),
    gone AS (
      DELETE FROM "BudgetHold" WHERE "admissionId" = ${admission.id} RETURNING "budgetId", "amount"
    ),
    back AS (
      SELECT "budgetId", sum("amount") AS "amount" FROM gone GROUP BY "budgetId"
    ),
    upd AS (
      UPDATE "Budget" b SET
        "spent" = CASE WHEN b."periodStart" < w."start" THEN 0 ELSE b."spent" END + w."charge",
        "alerted" = CASE WHEN b."periodStart" < w."start" THEN 0 ELSE b."alerted" END,
        "periodStart" = GREATEST(b."periodStart", w."start"),
        "held" = GREATEST(b."held" - COALESCE(back."amount", 0), 0),
        "updatedAt" = ${sqlTimestamp(now)}::timestamp
      FROM want w
        JOIN locked l ON l."id" = w."id"
        LEFT JOIN back ON back."budgetId" = w."id"
      WHERE b."id" = w."id" AND (w."charge" > 0 OR COALESCE(back."amount", 0) > 0)
      RETURNING b.*, w."charge"
    )
    SELECT "id", "orgId", "scope", "scopeId", "metric", "period", "limit", "policy", "periodStart", "spent", "held",
      "alerted", "createdById", "createdAt", "updatedAt"
    FROM upd WHERE "charge" > 0 ORDER BY "id"`;
}
