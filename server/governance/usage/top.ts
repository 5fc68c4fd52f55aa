import "server-only";
import { db } from "@/server/db";
import { rollupWhere } from "./filters";
import { estimatesOfTasks, projectEstimates, taskEstimates } from "./estimates";
import type { UsageFilter } from "./schema";

type Row = { key: string; projectId: string; costUsd: number; calls: number; tokens: number; failedCostUsd: number };

const ALL_TIME = { from: "1970-01-01", to: "9999-12-31" };

/** Projects by spend in the range, with their all-time spend against the plan's estimate. */
export async function topProjects(orgId: string, f: UsageFilter, limit = 10) {
  const rows = await db.$queryRaw<Row[]>`
    SELECT "projectId" AS "key", "projectId", round(sum("costUsd"), 6)::float8 AS "costUsd", sum("calls")::float8 AS "calls",
      (sum("tokensIn") + sum("tokensOut"))::float8 AS "tokens",
      round(sum(CASE WHEN "status" <> 'ok' THEN "costUsd" ELSE 0 END), 6)::float8 AS "failedCostUsd"
    FROM "UsageRollup" WHERE ${rollupWhere(orgId, f)} AND "projectId" <> ''
    GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT ${limit}`;
  const ids = rows.map((r) => r.key);
  if (ids.length === 0) return [];
  const [names, estimates, allTime] = await Promise.all([
    db.project.findMany({ where: { orgId, id: { in: ids } }, select: { id: true, name: true, status: true } }),
    projectEstimates(orgId, ids),
    db.$queryRaw<{ key: string; costUsd: number; tokens: number }[]>`
      SELECT "projectId" AS "key", round(sum("costUsd"), 6)::float8 AS "costUsd", (sum("tokensIn") + sum("tokensOut"))::float8 AS "tokens"
      FROM "UsageRollup" WHERE "orgId" = ${orgId} AND "projectId" = ANY(${ids}) GROUP BY 1`,
  ]);
  const byId = new Map(names.map((p) => [p.id, p]));
  const total = new Map(allTime.map((r) => [r.key, r]));
  return rows.map((r) => ({
    projectId: r.key,
    name: byId.get(r.key)?.name ?? "Deleted project",
    status: byId.get(r.key)?.status ?? null,
    costUsd: r.costUsd,
    calls: r.calls,
    tokens: r.tokens,
    failedCostUsd: r.failedCostUsd,
    actualUsd: total.get(r.key)?.costUsd ?? 0,
    actualTokens: total.get(r.key)?.tokens ?? 0,
    estimate: estimates.get(r.key) ?? null,
  }));
}

/** Tasks by spend in the range (org-wide, or in one project), with their plan estimate. */
export async function topTasks(orgId: string, f: UsageFilter, limit = 10) {
  const rows = await db.$queryRaw<Row[]>`
    SELECT "taskId" AS "key", min("projectId") AS "projectId", round(sum("costUsd"), 6)::float8 AS "costUsd", sum("calls")::float8 AS "calls",
      (sum("tokensIn") + sum("tokensOut"))::float8 AS "tokens",
      round(sum(CASE WHEN "status" <> 'ok' THEN "costUsd" ELSE 0 END), 6)::float8 AS "failedCostUsd"
    FROM "UsageRollup" WHERE ${rollupWhere(orgId, f)} AND "taskId" <> ''
    GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT ${limit}`;
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.key);
  const [tasks, estimates] = await Promise.all([
    db.task.findMany({ where: { orgId, id: { in: ids } }, select: { id: true, key: true, title: true, projectId: true, project: { select: { name: true } } } }),
    estimatesOfTasks(orgId, ids),
  ]);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  return rows.map((r) => {
    const t = byId.get(r.key);
    return {
      taskId: r.key,
      projectId: r.projectId,
      projectName: t?.project.name ?? "Deleted project",
      key: t?.key ?? null,
      title: t?.title ?? "Deleted task",
      costUsd: r.costUsd,
      calls: r.calls,
      tokens: r.tokens,
      failedCostUsd: r.failedCostUsd,
      estimate: estimates.get(r.key) ?? null,
    };
  });
}

/** Every task of a project: the plan's estimate against what it has cost so far (all time). */
export async function projectTaskCosts(orgId: string, projectId: string) {
  const [estimates, rows] = await Promise.all([
    taskEstimates(projectId),
    db.$queryRaw<Row[]>`
      SELECT "taskId" AS "key", "projectId", round(sum("costUsd"), 6)::float8 AS "costUsd", sum("calls")::float8 AS "calls",
        (sum("tokensIn") + sum("tokensOut"))::float8 AS "tokens",
        round(sum(CASE WHEN "status" <> 'ok' THEN "costUsd" ELSE 0 END), 6)::float8 AS "failedCostUsd"
      FROM "UsageRollup" WHERE ${rollupWhere(orgId, { ...ALL_TIME, projectId })}
      GROUP BY 1, 2`,
  ]);
  const actual = new Map(rows.map((r) => [r.key, r]));
  const tasks = [...estimates.entries()].map(([taskId, e]) => {
    const a = actual.get(taskId);
    return {
      taskId,
      key: e.key,
      title: e.title,
      role: e.role,
      status: e.status,
      estimate: { tokens: e.tokens, costUsd: e.costUsd },
      costUsd: a?.costUsd ?? 0,
      tokens: a?.tokens ?? 0,
      calls: a?.calls ?? 0,
      failedCostUsd: a?.failedCostUsd ?? 0,
    };
  });
  // Calls of the project outside any task (planning, chat about it).
  const loose = actual.get("");
  const [estimate] = [...(await projectEstimates(orgId, [projectId])).values()];
  return {
    tasks,
    outsideTasks: loose ? { costUsd: loose.costUsd, calls: loose.calls, tokens: loose.tokens } : { costUsd: 0, calls: 0, tokens: 0 },
    estimate: estimate ?? null,
  };
}
