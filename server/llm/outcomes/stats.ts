import "server-only";
import { db } from "@/server/db";

// How each agent role's tasks ended on each model, derived from the runs and calls themselves (no
// second copy to drift): a run "succeeded" when it finished and its task never needed another run;
// "handed back" when it finished but the task ran again (QA returned it, or a person retried it).

export type RoleModelOutcome = {
  role: string;
  provider: string;
  model: string;
  runs: number;
  succeeded: number;
  handedBack: number;
  failed: number;
  /** Runs that were themselves a rerun of their task. */
  reruns: number;
  avgSteps: number;
  avgCostUsd: number;
  costUsd: number;
  /** succeeded / runs. */
  successRate: number;
};

export const OUTCOME_WINDOW_DAYS = 90;

export async function roleModelOutcomes(orgId: string, opts: { days?: number; role?: string } = {}): Promise<RoleModelOutcome[]> {
  const since = new Date(Date.now() - (opts.days ?? OUTCOME_WINDOW_DAYS) * 86_400_000);
  const role = opts.role ?? null;
  // A run's model is the one that answered most of its agent steps (fallbacks can mix models).
  const rows = await db.$queryRaw<Omit<RoleModelOutcome, "successRate">[]>`
    WITH finished AS (
      SELECT r.id, r."taskId", r.status::text AS status, r.steps, r."costUsd", t.role,
        EXISTS (SELECT 1 FROM "Run" l WHERE l."taskId" = r."taskId" AND l."createdAt" > r."createdAt" AND l.status <> 'cancelled') AS later,
        EXISTS (SELECT 1 FROM "Run" e WHERE e."taskId" = r."taskId" AND e."createdAt" < r."createdAt") AS rerun
      FROM "Run" r JOIN "Task" t ON t.id = r."taskId"
      WHERE r."orgId" = ${orgId} AND r."finishedAt" >= ${since}
        AND r.status IN ('succeeded', 'failed', 'needs_attention')
        AND (${role}::text IS NULL OR t.role = ${role}::text)
    ), calls AS (
      SELECT c."runId", c.provider, c.model, count(*) AS n
      FROM "LlmCall" c
      WHERE c."orgId" = ${orgId} AND c."taskId" IN (SELECT "taskId" FROM finished) AND c.purpose = 'agent' AND c.status = 'ok'
      GROUP BY 1, 2, 3
    ), run_model AS (
      SELECT DISTINCT ON ("runId") "runId", provider, model FROM calls ORDER BY "runId", n DESC, model
    )
    SELECT f.role, m.provider, m.model,
      count(*)::int AS runs,
      (count(*) FILTER (WHERE f.status = 'succeeded' AND NOT f.later))::int AS succeeded,
      (count(*) FILTER (WHERE f.status = 'succeeded' AND f.later))::int AS "handedBack",
      (count(*) FILTER (WHERE f.status <> 'succeeded'))::int AS failed,
      (count(*) FILTER (WHERE f.rerun))::int AS reruns,
      round(avg(f.steps), 2)::float8 AS "avgSteps",
      round(avg(f."costUsd"), 6)::float8 AS "avgCostUsd",
      round(sum(f."costUsd"), 6)::float8 AS "costUsd"
    FROM finished f JOIN run_model m ON m."runId" = f.id
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3`;
  return rows.map((r) => ({ ...r, successRate: r.runs ? r.succeeded / r.runs : 0 }));
}
