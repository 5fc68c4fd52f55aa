import "server-only";
import { db } from "@/server/db";
import { costOf, roundUsd, type Price } from "../prices";

export type RoleSavings = { role: string; actualUsd: number; topModelUsd: number; savedUsd: number };

/**
 * What each role's agent calls cost against "always the top model": the same tokens (cached ones at
 * the top model's cached price) re-priced at the org's deep-tier model. Failed attempts count on both
 * sides: they were paid for.
 */
export async function savingsAgainstTop(orgId: string, top: Price, since: Date): Promise<RoleSavings[]> {
  const rows = await db.$queryRaw<{ role: string; tokensIn: number; tokensOut: number; tokensCached: number; tokensCacheWrite: number; costUsd: number }[]>`
    SELECT "agentRole" AS role, sum("tokensIn")::float8 AS "tokensIn", sum("tokensOut")::float8 AS "tokensOut",
      sum("tokensCached")::float8 AS "tokensCached", sum("tokensCacheWrite")::float8 AS "tokensCacheWrite",
      round(sum("costUsd"), 6)::float8 AS "costUsd"
    FROM "LlmCall"
    WHERE "orgId" = ${orgId} AND "createdAt" >= ${since} AND purpose = 'agent' AND "agentRole" IS NOT NULL
    GROUP BY 1 ORDER BY 1`;
  return rows.map((r) => {
    const topModelUsd = costOf(top, { inputTokens: r.tokensIn, outputTokens: r.tokensOut, cachedInputTokens: r.tokensCached, cacheWriteTokens: r.tokensCacheWrite });
    return { role: r.role, actualUsd: r.costUsd, topModelUsd, savedUsd: roundUsd(topModelUsd - r.costUsd) };
  });
}
