import "server-only";
import { db } from "@/server/db";
import { exclusiveUsageLock } from "./lock";
import { forgetOrgTimeZone, orgTimeZone } from "./time-zone";

/**
 * Recomputes an org's rollups from its LlmCall rows: for deployments that recorded calls before the
 * rollup existed, and after the org's time zone changed. Holds the org's usage lock exclusively, so
 * the org's model calls wait for it to finish (seconds at a million calls) and none is lost or counted twice.
 */
export async function rebuildUsage(orgId: string): Promise<{ calls: number; rows: number }> {
  forgetOrgTimeZone(orgId);
  return db.$transaction(
    async (tx) => {
      const tz = await orgTimeZone(orgId, tx);
      await tx.$executeRaw`SELECT ${exclusiveUsageLock(orgId)}`;
      await tx.$executeRaw`DELETE FROM "UsageRollup" WHERE "orgId" = ${orgId}`;
      const rows = await tx.$executeRaw`
        INSERT INTO "UsageRollup" ("id", "orgId", "day", "projectId", "taskId", "userId", "apiKeyId", "agentRole",
          "provider", "model", "purpose", "status", "calls", "tokensIn", "tokensOut", "tokensCached", "costUsd", "cacheSavingsUsd")
        SELECT gen_random_uuid()::text, "orgId", "day", "projectId", "taskId", "userId", "apiKeyId", "agentRole",
          "provider", "model", "purpose", "status", count(*)::int, sum("tokensIn"), sum("tokensOut"), sum("tokensCached"),
          sum("costUsd"), sum("cacheSavingsUsd")
        FROM (
          SELECT "orgId", ((c."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE ${tz})::date AS "day",
            coalesce(c."projectId", '') AS "projectId", coalesce(c."taskId", '') AS "taskId", coalesce(c."userId", '') AS "userId",
            coalesce(c."apiKeyId", '') AS "apiKeyId", coalesce(c."agentRole", '') AS "agentRole",
            c."provider", c."model", c."purpose", c."status", c."tokensIn", c."tokensOut", c."tokensCached", c."costUsd", c."cacheSavingsUsd"
          FROM "LlmCall" c WHERE c."orgId" = ${orgId}
        ) AS calls
        GROUP BY "orgId", "day", "projectId", "taskId", "userId", "apiKeyId", "agentRole", "provider", "model", "purpose", "status"`;
      const [sum] = await tx.$queryRaw<{ calls: number }[]>`
        SELECT coalesce(sum("calls"), 0)::int AS calls FROM "UsageRollup" WHERE "orgId" = ${orgId}`;
      return { calls: sum?.calls ?? 0, rows };
    },
    { maxWait: 15_000, timeout: 10 * 60_000 },
  );
}

/**
 * Whether the rollup holds every call: calls older than the oldest rolled-up day mean the org has
 * calls from before the rollup existed (both ends read from an index, so this is cheap to ask).
 */
export async function usageCoverage(orgId: string): Promise<{ complete: boolean; oldestCall: Date | null; oldestRollupDay: string | null }> {
  const tz = await orgTimeZone(orgId);
  const [row] = await db.$queryRaw<{ oldestCall: Date | null; oldestCallDay: string | null; oldestRollupDay: string | null }[]>`
    SELECT c."createdAt" AS "oldestCall",
      to_char(((c."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE ${tz})::date, 'YYYY-MM-DD') AS "oldestCallDay",
      (SELECT to_char(min(r."day"), 'YYYY-MM-DD') FROM "UsageRollup" r WHERE r."orgId" = ${orgId}) AS "oldestRollupDay"
    FROM (SELECT min("createdAt") AS "createdAt" FROM "LlmCall" WHERE "orgId" = ${orgId}) c`;
  const oldestCall = row?.oldestCall ?? null;
  const oldestRollupDay = row?.oldestRollupDay ?? null;
  const complete = !oldestCall || (oldestRollupDay !== null && row!.oldestCallDay! >= oldestRollupDay);
  return { complete, oldestCall, oldestRollupDay };
}
