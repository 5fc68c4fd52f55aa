import "server-only";
import { db, Prisma } from "@/server/db";
import { bucketStarts } from "./dates";
import { GROUP_COLUMN, rollupWhere } from "./filters";
import { labelsFor } from "./labels";
import type { SeriesQuery, UsageFilter } from "./schema";

// Everything here reads UsageRollup only (index: orgId, day / orgId, projectId, day).

export type UsageTotals = {
  costUsd: number;
  calls: number;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  failedCalls: number;
  failedCostUsd: number;
  cacheSavingsUsd: number;
};

// Sums of 6-decimal money are exact in SQL; rounded there and sent as float8, so each figure is the
// nearest double to the exact sum (what a test summing LlmCall.costUsd in SQL gets too).
const SUMS = Prisma.sql`
  round(sum("costUsd"), 6)::float8 AS "costUsd",
  sum("calls")::float8 AS "calls",
  sum("tokensIn")::float8 AS "tokensIn",
  sum("tokensOut")::float8 AS "tokensOut",
  sum("tokensCached")::float8 AS "tokensCached",
  sum(CASE WHEN "status" <> 'ok' THEN "calls" ELSE 0 END)::float8 AS "failedCalls",
  round(sum(CASE WHEN "status" <> 'ok' THEN "costUsd" ELSE 0 END), 6)::float8 AS "failedCostUsd",
  round(sum("cacheSavingsUsd"), 6)::float8 AS "cacheSavingsUsd"`;

const ZERO: UsageTotals = { costUsd: 0, calls: 0, tokensIn: 0, tokensOut: 0, tokensCached: 0, failedCalls: 0, failedCostUsd: 0, cacheSavingsUsd: 0 };

const totalsOf = (r: Partial<Record<keyof UsageTotals, number | null>>): UsageTotals =>
  Object.fromEntries(Object.keys(ZERO).map((k) => [k, r[k as keyof UsageTotals] ?? 0])) as UsageTotals;

export async function usageTotals(orgId: string, f: UsageFilter): Promise<UsageTotals> {
  const [row] = await db.$queryRaw<Partial<Record<keyof UsageTotals, number | null>>[]>`
    SELECT ${SUMS} FROM "UsageRollup" WHERE ${rollupWhere(orgId, f)}`;
  return totalsOf(row ?? {});
}

const TOP_KEYS = 8;
/** A sum of 6-decimal amounts added in JS, back to the double nearest its exact decimal value. */
const money = (n: number) => Number(n.toFixed(6));
export const OTHER_KEY = "__other__";

export type SeriesPoint = { bucket: string; totals: UsageTotals; byKey: Record<string, number> };

/**
 * Spend over time in org-local day/week/month buckets, split by one dimension: the top keys by cost
 * in the range, the rest as "Other". Every bucket of the range is present (zero when empty).
 */
export async function usageSeries(orgId: string, q: SeriesQuery) {
  const col = Prisma.raw(`"${GROUP_COLUMN[q.groupBy]}"`);
  const where = rollupWhere(orgId, q);
  // One statement: each key's exact cost and rank over the range (cost, then key in byte order, so both
  // databases agree), then per bucket one row for each top key, one for the rest ("Other", key null)
  // and the exact bucket totals. Bucket × every key (27,000 rows for 300 projects over 90 days) never
  // leaves the database, and each aggregate holds few groups (one per (bucket, key) spills to disk at 1M calls).
  const rows = await db.$queryRaw<(Record<keyof UsageTotals, number> & { bucket: string | null; key: string | null; rank: number | null; whole: number })[]>`
    WITH "kc" AS (
      SELECT ${col} AS "k", round(sum("costUsd"), 6) AS "cost", row_number() OVER (ORDER BY round(sum("costUsd"), 6) DESC, ${col} COLLATE "C") AS "rank"
      FROM "UsageRollup" WHERE ${where} GROUP BY 1
    )
    SELECT NULL::text AS "bucket", "k" AS "key", "rank"::int AS "rank", 2 AS "whole", "cost"::float8 AS "costUsd",
      NULL::float8 AS "calls", NULL::float8 AS "tokensIn", NULL::float8 AS "tokensOut", NULL::float8 AS "tokensCached",
      NULL::float8 AS "failedCalls", NULL::float8 AS "failedCostUsd", NULL::float8 AS "cacheSavingsUsd"
    FROM "kc"
    UNION ALL
    SELECT to_char("b", 'YYYY-MM-DD'), "kk", NULL, GROUPING("kk")::int, ${SUMS}
    FROM (
      SELECT date_trunc(${q.bucket}::text, "day"::timestamp) AS "b",
        CASE WHEN ${col} IN (SELECT "k" FROM "kc" WHERE "rank" <= ${TOP_KEYS}) THEN ${col} END AS "kk",
        "status", "calls", "tokensIn", "tokensOut", "tokensCached", "costUsd", "cacheSavingsUsd"
      FROM "UsageRollup" WHERE ${where}
    ) AS "x"
    GROUP BY GROUPING SETS (("b", "kk"), ("b"))`;

  const keyRows = rows.filter((r) => r.whole === 2).sort((a, b) => a.rank! - b.rank!);
  const keyCost = new Map(keyRows.map((r) => [r.key!, r.costUsd]));
  const ranked = keyRows.map((r) => r.key!);
  const top = ranked.slice(0, TOP_KEYS);
  const hasOther = ranked.length > TOP_KEYS;

  const points = new Map<string, SeriesPoint>(bucketStarts(q.from, q.to, q.bucket).map((b) => [b, { bucket: b, totals: { ...ZERO }, byKey: {} }]));
  for (const r of rows) {
    const p = r.whole === 2 ? undefined : points.get(r.bucket!);
    if (!p) continue;
    if (r.whole) p.totals = totalsOf(r);
    else p.byKey[r.key ?? OTHER_KEY] = r.costUsd;
  }
  const labels = await labelsFor(orgId, q.groupBy, top);
  const keys = top.map((key) => ({ key, label: labels.get(key) ?? key, costUsd: keyCost.get(key) ?? 0 }));
  if (hasOther) {
    const rest = ranked.slice(TOP_KEYS).reduce((n, k) => n + (keyCost.get(k) ?? 0), 0);
    keys.push({ key: OTHER_KEY, label: `${ranked.length - TOP_KEYS} others`, costUsd: money(rest) });
  }
  return { bucket: q.bucket, groupBy: q.groupBy, keys, points: [...points.values()] };
}

/** Spend per key of one dimension over the range (for "by role", "by model" lists). */
export async function usageBreakdown(orgId: string, q: SeriesQuery) {
  const col = Prisma.raw(`"${GROUP_COLUMN[q.groupBy]}"`);
  const rows = await db.$queryRaw<(UsageTotals & { key: string })[]>`
    SELECT ${col} AS "key", ${SUMS} FROM "UsageRollup" WHERE ${rollupWhere(orgId, q)}
    GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50`;
  const labels = await labelsFor(orgId, q.groupBy, rows.map((r) => r.key));
  return rows.map((r) => ({ key: r.key, label: labels.get(r.key) ?? r.key, ...totalsOf(r) }));
}
