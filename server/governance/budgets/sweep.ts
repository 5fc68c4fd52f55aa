import { db } from "@/server/db";
import { sqlTimestamp } from "./periods";

/**
 * Gives back holds whose call never settled (its process crashed) once they expire. The delete is the
 * same exactly-once guard settlement uses: a hold is subtracted from `held` by whoever deletes its row.
 * Runs on the worker's schedule, and for one budget when an admission is refused.
 */
export async function sweepExpiredHolds(opts: { budgetIds?: string[]; now?: Date } = {}): Promise<number> {
  const nowSql = sqlTimestamp(opts.now ?? new Date());
  // Nearly always nothing has expired: one indexed read, and no transaction (on PGlite a transaction
  // would queue behind every other one).
  const [any] = opts.budgetIds
    ? await db.$queryRaw<unknown[]>`SELECT 1 FROM "BudgetHold" WHERE "expiresAt" < ${nowSql}::timestamp AND "budgetId" = ANY(${opts.budgetIds}::text[]) LIMIT 1`
    : await db.$queryRaw<unknown[]>`SELECT 1 FROM "BudgetHold" WHERE "expiresAt" < ${nowSql}::timestamp LIMIT 1`;
  if (!any) return 0;
  return db.$transaction(async (tx) => {
    const deleted = opts.budgetIds
      ? await tx.$queryRaw<{ budgetId: string; amount: unknown }[]>`
          DELETE FROM "BudgetHold" WHERE "expiresAt" < ${nowSql}::timestamp AND "budgetId" = ANY(${opts.budgetIds}::text[])
          RETURNING "budgetId", "amount"`
      : await tx.$queryRaw<{ budgetId: string; amount: unknown }[]>`
          DELETE FROM "BudgetHold" WHERE "expiresAt" < ${nowSql}::timestamp RETURNING "budgetId", "amount"`;
    const back = new Map<string, number>();
    for (const d of deleted) back.set(d.budgetId, (back.get(d.budgetId) ?? 0) + Number(d.amount));
    for (const id of [...back.keys()].sort()) {
      await tx.$executeRaw`
        UPDATE "Budget" SET "held" = GREATEST("held" - ${back.get(id)!.toFixed(6)}::numeric, 0) WHERE "id" = ${id}`;
    }
    return deleted.length;
  });
}
