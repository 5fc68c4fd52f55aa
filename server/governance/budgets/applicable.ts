import { db, type Tx } from "@/server/db";
import type { AdmissionScope, BudgetPeriod, BudgetPolicy, BudgetScope, CallMetric } from "./types";

export type BudgetRow = {
  id: string;
  orgId: string;
  scope: BudgetScope;
  scopeId: string;
  metric: CallMetric;
  period: BudgetPeriod;
  policy: BudgetPolicy;
  limit: number;
  spent: number;
  held: number;
  periodStart: Date;
  timeZone: string;
};

type RawRow = Omit<BudgetRow, "limit" | "spent" | "held"> & { limit: unknown; spent: unknown; held: unknown };

export const toBudgetRow = (r: RawRow): BudgetRow => ({ ...r, limit: Number(r.limit), spent: Number(r.spent), held: Number(r.held) });

/**
 * Every usd / tokens / requests budget that applies to a call of this scope, at every level at once,
 * in id order (the order admission locks them in, so two admissions never deadlock). One indexed query.
 */
export async function applicableBudgets(scope: AdmissionScope, client: Tx = db): Promise<BudgetRow[]> {
  const rows = await client.$queryRaw<RawRow[]>`
    SELECT b."id", b."orgId", b."scope", b."scopeId", b."metric", b."period", b."policy", b."limit", b."spent", b."held",
           b."periodStart", o."timeZone"
      FROM "Budget" b JOIN "Org" o ON o."id" = b."orgId"
     WHERE b."orgId" = ${scope.orgId}
       AND b."metric" IN ('usd', 'tokens', 'requests')
       AND ((b."scope" = 'org' AND b."scopeId" = ${scope.orgId})
         OR (b."scope" = 'project' AND b."scopeId" = ${scope.projectId ?? ""})
         OR (b."scope" = 'task' AND b."scopeId" = ${scope.taskId ?? ""})
         OR (b."scope" = 'user' AND b."scopeId" = ${scope.userId ?? ""})
         OR (b."scope" = 'apiKey' AND b."scopeId" = ${scope.apiKeyId ?? ""}))
     ORDER BY b."id"`;
  return rows.map(toBudgetRow);
}
