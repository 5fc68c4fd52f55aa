import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/server/db";
import { applicableBudgets, toBudgetRow, type BudgetRow } from "./applicable";
import { BudgetExceededError } from "./errors";
import { ceilUsd } from "./estimate";
import { periodBounds, sqlTimestamp } from "./periods";
import { sweepExpiredHolds } from "./sweep";
import { ensureTaskBudgets } from "./task-budgets";
import type { Admission, AdmissionScope, CallMetric, HeldBudget, WorstCase } from "./types";

// Calls of one busy budget queue on its row: wait for a connection and the lock longer than Prisma's
// 2 s default rather than fail a call that would have fit (the same limits as the recording transaction).
const TX_OPTIONS = { maxWait: 30_000, timeout: 30_000 };

/** Holds outlive the longest call by this much before the sweep may take them back. */
const DEFAULT_TTL_MS = 15 * 60_000;

export type AdmitInput = {
  scope: AdmissionScope;
  worstCase: WorstCase;
  /** Who holds (host:pid), for diagnosing leftover holds. */
  holder: string;
  /** How long the holds live if never settled (a crashed process); at least the call's timeout. */
  ttlMs?: number;
};

/** What a call holds on a budget of each metric. */
export function amountFor(metric: CallMetric, worst: WorstCase): number {
  if (metric === "usd") return ceilUsd(worst.usd);
  if (metric === "tokens") return Math.max(0, Math.ceil(worst.tokens));
  return 1;
}

/** A budget that did not fit, carried out of the transaction so it rolls back before we decide. */
class DidNotFit extends Error {
  constructor(
    readonly budget: BudgetRow,
    readonly needed: number,
  ) {
    super("budget did not fit");
  }
}

/**
 * Admits one model call: holds its worst case on every budget that applies (org, project, task, user,
 * API key; usd, tokens, requests) in ONE transaction, each with a conditional update that also rolls
 * the period over. All or nothing: when one does not fit, the transaction rolls back and a
 * BudgetExceededError names that budget. With no budget, nothing is written (one read).
 */
export async function admit(input: AdmitInput): Promise<Admission> {
  const id = randomUUID();
  if (input.scope.taskId) await ensureTaskBudgets(input.scope.taskId);
  const budgets = await applicableBudgets(input.scope);
  if (budgets.length === 0) return { id, orgId: input.scope.orgId, budgets: [] };

  let swept = false;
  for (;;) {
    try {
      return await db.$transaction((tx) => holdAll(tx, id, budgets, input), TX_OPTIONS);
    } catch (error) {
      if (!(error instanceof DidNotFit)) throw error;
      // A crashed process may have left holds: give expired ones back (cheap, only on refusal) and retry once.
      if (!swept && error.budget.held > 0) {
        swept = true;
        if ((await sweepExpiredHolds({ budgetIds: [error.budget.id] })) > 0) continue;
      }
      const { budget } = error;
      const bounds = periodBounds(budget.period, budget.timeZone);
      const rolled = budget.periodStart.getTime() < bounds.start.getTime();
      throw new BudgetExceededError(
        {
          id: budget.id,
          orgId: budget.orgId,
          scope: budget.scope,
          scopeId: budget.scopeId,
          metric: budget.metric,
          period: budget.period,
          policy: budget.policy,
          limit: budget.limit,
          spent: rolled ? 0 : budget.spent,
          held: budget.held,
          periodStart: bounds.start,
          periodEnd: bounds.end,
        },
        error.needed,
      );
    }
  }
}

async function holdAll(tx: Tx, admissionId: string, budgets: BudgetRow[], input: AdmitInput): Promise<Admission> {
  const now = new Date();
  const held: (HeldBudget & { periodStart: Date })[] = [];
  for (const b of budgets) {
    const amount = amountFor(b.metric, input.worstCase);
    const start = periodBounds(b.period, b.timeZone, now).start;
    const startSql = sqlTimestamp(start);
    // The race-free step: the check and the hold are one statement, so concurrent admissions in any
    // process serialise on the row and can never together exceed the limit. A new period resets spent.
    const rows = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "Budget" SET
        "spent" = CASE WHEN "periodStart" < ${startSql}::timestamp THEN 0 ELSE "spent" END,
        "alerted" = CASE WHEN "periodStart" < ${startSql}::timestamp THEN 0 ELSE "alerted" END,
        "periodStart" = GREATEST("periodStart", ${startSql}::timestamp),
        "held" = "held" + ${amount.toFixed(6)}::numeric,
        "updatedAt" = ${sqlTimestamp(now)}::timestamp
      WHERE "id" = ${b.id}
        AND (CASE WHEN "periodStart" < ${startSql}::timestamp THEN 0 ELSE "spent" END) + "held" + ${amount.toFixed(6)}::numeric <= "limit"
      RETURNING "id"`;
    if (rows.length === 0) {
      const latest = await current(tx, b);
      if (!latest) continue; // deleted since we read it: it no longer applies
      throw new DidNotFit(latest, amount);
    }
    held.push({ budgetId: b.id, metric: b.metric, period: b.period, timeZone: b.timeZone, amount, periodStart: start });
  }
  const expiresAt = new Date(now.getTime() + (input.ttlMs ?? DEFAULT_TTL_MS));
  await tx.budgetHold.createMany({
    data: held.map((h) => ({
      orgId: input.scope.orgId,
      budgetId: h.budgetId,
      admissionId,
      amount: h.amount.toFixed(6),
      periodStart: h.periodStart,
      holder: input.holder.slice(0, 200),
      expiresAt,
    })),
  });
  return { id: admissionId, orgId: input.scope.orgId, budgets: held.map(({ periodStart: _p, ...h }) => h) };
}

/** The budget as it is now (for the refusal's numbers); null when someone deleted it meanwhile. */
async function current(tx: Tx, b: BudgetRow): Promise<BudgetRow | null> {
  const [row] = await tx.$queryRaw<Parameters<typeof toBudgetRow>[0][]>`
    SELECT "id", "orgId", "scope", "scopeId", "metric", "period", "policy", "limit", "spent", "held", "periodStart"
      FROM "Budget" WHERE "id" = ${b.id}`;
  return row ? toBudgetRow({ ...row, timeZone: b.timeZone }) : null;
}
