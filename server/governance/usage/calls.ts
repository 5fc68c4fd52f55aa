import "server-only";
import { db } from "@/server/db";
import { addDays, startOfLocalDay } from "./dates";
import { callsWhere } from "./filters";
import type { CallsQuery, UsageFilter } from "./schema";
import { orgTimeZone } from "./time-zone";

// The LlmCall rows behind any number on the panel: the same filter as the rollup query, over the calls
// (index: orgId, createdAt; and projectId/apiKeyId/userId with createdAt), newest first.

async function utcRange(orgId: string, f: UsageFilter) {
  const tz = await orgTimeZone(orgId);
  return { gte: startOfLocalDay(f.from, tz), lt: startOfLocalDay(addDays(f.to, 1), tz) };
}

const SELECT = {
  id: true,
  createdAt: true,
  projectId: true,
  taskId: true,
  runId: true,
  userId: true,
  apiKeyId: true,
  agentRole: true,
  purpose: true,
  provider: true,
  model: true,
  status: true,
  tokensIn: true,
  tokensOut: true,
  tokensCached: true,
  tokensCacheWrite: true,
  costUsd: true,
  cacheSavingsUsd: true,
  latencyMs: true,
  cacheHit: true,
  priceId: true,
  error: true,
} as const;

type CallRow = Awaited<ReturnType<typeof fetchCalls>>[number];

function fetchCalls(orgId: string, f: UsageFilter, range: { gte: Date; lt: Date }, take: number, cursor?: string) {
  return db.llmCall.findMany({
    where: callsWhere(orgId, f, range),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: SELECT,
  });
}

async function withNames(orgId: string, rows: CallRow[]) {
  const ids = (k: "projectId" | "taskId" | "userId" | "apiKeyId") => [...new Set(rows.map((r) => r[k]).filter((v): v is string => !!v))];
  const [projects, tasks, users, keys] = await Promise.all([
    db.project.findMany({ where: { orgId, id: { in: ids("projectId") } }, select: { id: true, name: true } }),
    db.task.findMany({ where: { orgId, id: { in: ids("taskId") } }, select: { id: true, key: true, title: true } }),
    db.user.findMany({ where: { id: { in: ids("userId") } }, select: { id: true, name: true } }),
    db.apiKey.findMany({ where: { orgId, id: { in: ids("apiKeyId") } }, select: { id: true, name: true } }),
  ]);
  const name = <T extends { id: string }>(list: T[], f: (t: T) => string) => new Map(list.map((x) => [x.id, f(x)]));
  const p = name(projects, (x) => x.name);
  const t = name(tasks, (x) => x.title);
  const u = name(users, (x) => x.name);
  const k = name(keys, (x) => x.name);
  return rows.map((r) => ({
    ...r,
    costUsd: r.costUsd.toString(),
    cacheSavingsUsd: r.cacheSavingsUsd.toString(),
    projectName: r.projectId ? (p.get(r.projectId) ?? null) : null,
    taskTitle: r.taskId ? (t.get(r.taskId) ?? null) : null,
    userName: r.userId ? (u.get(r.userId) ?? null) : null,
    apiKeyName: r.apiKeyId ? (k.get(r.apiKeyId) ?? null) : null,
  }));
}

export async function listUsageCalls(orgId: string, q: CallsQuery) {
  const rows = await fetchCalls(orgId, q, await utcRange(orgId, q), q.limit + 1, q.cursor);
  const page = rows.slice(0, q.limit);
  return { items: await withNames(orgId, page), nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null };
}

/** Export cap: a bigger export is a narrower range or a filter away. */
export const EXPORT_MAX_ROWS = 20_000;
const EXPORT_PAGE = 2_000;

/** Every call matching the filter, up to EXPORT_MAX_ROWS, read in pages. */
export async function allUsageCalls(orgId: string, f: UsageFilter) {
  const range = await utcRange(orgId, f);
  const out: Awaited<ReturnType<typeof withNames>> = [];
  let cursor: string | undefined;
  for (;;) {
    const rows = await fetchCalls(orgId, f, range, Math.min(EXPORT_PAGE, EXPORT_MAX_ROWS + 1 - out.length), cursor);
    out.push(...(await withNames(orgId, rows)));
    if (rows.length === 0 || out.length > EXPORT_MAX_ROWS || rows.length < EXPORT_PAGE) break;
    cursor = rows.at(-1)!.id;
  }
  return { rows: out.slice(0, EXPORT_MAX_ROWS), truncated: out.length > EXPORT_MAX_ROWS };
}
