import { randomUUID } from "node:crypto";
import { db } from "@/server/db";
import { applicableBudgets, type BudgetRow } from "./applicable";
import { BudgetExceededError } from "./errors";
import { ceilUsd } from "./estimate";
import { periodBounds, sqlTimestamp } from "./periods";
import { sweepExpiredHolds } from "./sweep";
import { ensureTaskBudgets } from "./task-budgets";
import type { Admission, AdmissionScope, CallMetric, HeldBudget, WorstCase } from "./types";

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

/** A budget that did not fit. */
type DidNotFit = { budget: BudgetRow; needed: number };

/**
 * Admits one model call: holds its worst case on every budget that applies (org, project, task, user,
 * API key; usd, tokens, requests) with ONE statement: the budget rows are locked in id order (so two
 * admissions never deadlock), each gets a conditional update that also rolls its period over
 * (`… WHERE spent + held + amount <= limit`), and the holds are inserted. If any budget does not fit,
 * the statement fails and nothing is held anywhere (a statement is all or nothing); a
 * BudgetExceededError names that budget. With no budget, nothing is written (one read).
 */
export async function admit(input: AdmitInput): Promise<Admission> {
  const id = randomUUID();
  if (input.scope.taskId) await ensureTaskBudgets(input.scope.taskId);
  let budgets = await applicableBudgets(input.scope);
  if (budgets.length === 0) return { id, orgId: input.scope.orgId, budgets: [] };

  let swept = false;
  for (let attempt = 0; ; attempt++) {
    const admitted = await holdAll(id, budgets, input);
    if (admitted) return admitted;
    // Refused: read the budgets again to name the one that does not fit.
    budgets = await applicableBudgets(input.scope);
    const refused = firstMisfit(budgets, input);
    // Room again already (a call settled meanwhile): try once more, a few times at most.
    if (!refused && attempt < 3) continue;
    const { budget, needed } = refused ?? { budget: budgets[0]!, needed: amountFor(budgets[0]!.metric, input.worstCase) };
    // A crashed process may have left holds: give expired ones back (cheap, only on refusal) and retry once.
    if (!swept && budget.held > 0) {
      swept = true;
      if ((await sweepExpiredHolds({ budgetIds: [budget.id] })) > 0) continue;
    }
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
      needed,
    );
  }
}

/** The first budget (id order) this call does not fit now, as admission's update would judge it. */
function firstMisfit(budgets: BudgetRow[], input: AdmitInput, now = new Date()): DidNotFit | null {
  for (const b of budgets) {
    const needed = amountFor(b.metric, input.worstCase);
    const spent = b.periodStart.getTime() < periodBounds(b.period, b.timeZone, now).start.getTime() ? 0 : b.spent;
    if (Math.round((spent + b.held + needed) * 1e6) > Math.round(b.limit * 1e6)) return { budget: b, needed };
  }
  return null;
}

/** The admission statement; null when some budget did not fit (and nothing was held). */
async function holdAll(admissionId: string, budgets: BudgetRow[], input: AdmitInput): Promise<Admission | null> {
  const now = new Date();
  const plan = budgets.map((b) => ({ b, amount: amountFor(b.metric, input.worstCase), start: periodBounds(b.period, b.timeZone, now).start }));
  const ids = plan.map((p) => p.b.id);
  const amounts = plan.map((p) => p.amount.toFixed(6));
  const starts = plan.map((p) => sqlTimestamp(p.start));
  const nowSql = sqlTimestamp(now);
  const expiresSql = sqlTimestamp(new Date(now.getTime() + (input.ttlMs ?? DEFAULT_TTL_MS)));
  try {
    // The race-free step. `locked` takes the row locks in id order before anything changes; the
    // UPDATE's condition is then re-checked on each row's latest version, so concurrent admissions in
    // any process serialise per row and can never together exceed a limit. The final division fails
    // the whole statement (rolling back every update and hold in it) when not every budget fitted.
    await db.$queryRaw`
      WITH want AS (
        SELECT * FROM unnest(${ids}::text[], ${amounts}::numeric[], ${starts}::timestamp[]) AS w("id", "amount", "start")
      ),
      locked AS MATERIALIZED (
        SELECT "id" FROM "Budget" WHERE "id" = ANY(${ids}::text[]) ORDER BY "id" FOR UPDATE
      ),
      upd AS (
        UPDATE "Budget" b SET
          "spent" = CASE WHEN b."periodStart" < w."start" THEN 0 ELSE b."spent" END,
          "alerted" = CASE WHEN b."periodStart" < w."start" THEN 0 ELSE b."alerted" END,
          "periodStart" = GREATEST(b."periodStart", w."start"),
          "held" = b."held" + w."amount",
          "updatedAt" = ${nowSql}::timestamp
        FROM want w, locked l
        WHERE b."id" = w."id" AND l."id" = w."id"
          AND (CASE WHEN b."periodStart" < w."start" THEN 0 ELSE b."spent" END) + b."held" + w."amount" <= b."limit"
        RETURNING b."id", w."amount", w."start"
      ),
      ins AS (
        INSERT INTO "BudgetHold" ("id", "orgId", "budgetId", "admissionId", "amount", "periodStart", "holder", "expiresAt")
        SELECT gen_random_uuid()::text, ${input.scope.orgId}, u."id", ${admissionId}, u."amount", u."start", ${input.holder.slice(0, 200)}, ${expiresSql}::timestamp
          FROM upd u
        RETURNING 1
      )
      SELECT 1 / (CASE WHEN (SELECT count(*) FROM upd) = (SELECT count(*) FROM locked) THEN 1 ELSE 0 END) AS "fits",
             (SELECT count(*) FROM ins) AS "holds"`;
  } catch (error) {
    if (isDivisionByZero(error)) return null;
    throw error;
  }
  const held: HeldBudget[] = plan.map(({ b, amount }) => ({ budgetId: b.id, metric: b.metric, period: b.period, timeZone: b.timeZone, amount }));
  return { id: admissionId, orgId: input.scope.orgId, budgets: held };
}

// Postgres SQLSTATE 22012, as the pg and PGlite adapters report it.
const isDivisionByZero = (error: unknown): boolean => /division by zero|22012/i.test(error instanceof Error ? `${error.message} ${JSON.stringify((error as { meta?: unknown }).meta ?? "")}` : String(error));
