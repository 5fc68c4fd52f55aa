import "server-only";
import { Prisma } from "@/server/db";
import type { GroupBy, UsageFilter } from "./schema";

// The same filter applied to the rollup (SQL, "" for absent) and to LlmCall rows (Prisma, null).

export const GROUP_COLUMN: Record<GroupBy, string> = {
  model: "model",
  agentRole: "agentRole",
  project: "projectId",
  user: "userId",
  apiKey: "apiKeyId",
  provider: "provider",
  purpose: "purpose",
  status: "status",
};

const DIMENSIONS = ["projectId", "taskId", "userId", "apiKeyId", "agentRole", "provider", "model", "purpose"] as const;

/** WHERE clause over "UsageRollup" for an org, a day range and the dimension filters. */
export function rollupWhere(orgId: string, f: UsageFilter): Prisma.Sql {
  const parts = [Prisma.sql`"orgId" = ${orgId}`, Prisma.sql`"day" >= ${f.from}::date`, Prisma.sql`"day" <= ${f.to}::date`];
  for (const d of DIMENSIONS) {
    const v = f[d];
    if (v !== undefined) parts.push(Prisma.sql`${Prisma.raw(`"${d}"`)} = ${v}`);
  }
  if (f.status === "ok") parts.push(Prisma.sql`"status" = 'ok'`);
  if (f.status === "failed") parts.push(Prisma.sql`"status" <> 'ok'`);
  return Prisma.join(parts, " AND ");
}

/** The same filter over LlmCall rows; `range` is the UTC span of the org-local days. */
export function callsWhere(orgId: string, f: UsageFilter, range: { gte: Date; lt: Date }): Prisma.LlmCallWhereInput {
  const where: Prisma.LlmCallWhereInput = { orgId, createdAt: range };
  for (const d of DIMENSIONS) {
    const v = f[d];
    if (v !== undefined) (where as Record<string, unknown>)[d] = v === "" && d !== "provider" && d !== "model" && d !== "purpose" ? null : v;
  }
  if (f.status === "ok") where.status = "ok";
  if (f.status === "failed") where.status = { not: "ok" };
  return where;
}
