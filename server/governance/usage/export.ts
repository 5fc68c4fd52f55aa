import "server-only";
import { allUsageCalls, EXPORT_MAX_ROWS } from "./calls";
import { toCsv } from "./csv";
import type { ExportQuery } from "./schema";
import { OTHER_KEY, usageSeries } from "./series";

const CALL_COLUMNS = [
  "id", "createdAt", "projectId", "projectName", "taskId", "taskTitle", "userId", "userName", "apiKeyId", "apiKeyName",
  "agentRole", "purpose", "provider", "model", "status", "tokensIn", "tokensOut", "tokensCached", "tokensCacheWrite",
  "costUsd", "cacheSavingsUsd", "latencyMs", "cacheHit", "priceId", "error",
] as const;

/** CSV of the rows behind a chart ("calls") or of the chart's own numbers ("series"). */
export async function exportUsageCsv(orgId: string, q: ExportQuery): Promise<{ filename: string; csv: string; rows: number; truncated: boolean; maxRows: number }> {
  const stem = `aios-usage-${q.from}-to-${q.to}`;
  if (q.kind === "calls") {
    const { rows, truncated } = await allUsageCalls(orgId, q);
    const csv = toCsv([...CALL_COLUMNS], rows.map((r) => CALL_COLUMNS.map((c) => r[c])));
    return { filename: `${stem}-calls.csv`, csv, rows: rows.length, truncated, maxRows: EXPORT_MAX_ROWS };
  }
  const s = await usageSeries(orgId, q);
  const header = ["bucket", "group", "groupKey", "costUsd"];
  const rows = s.points.flatMap((p) => s.keys.filter((k) => p.byKey[k.key] !== undefined).map((k) => [p.bucket, k.label, k.key === OTHER_KEY ? "" : k.key, p.byKey[k.key]!]));
  return { filename: `${stem}-by-${q.groupBy}-per-${q.bucket}.csv`, csv: toCsv(header, rows), rows: rows.length, truncated: false, maxRows: EXPORT_MAX_ROWS };
}
