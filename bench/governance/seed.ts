// Seeds one org with a realistic spread of LlmCalls for the cost panel benchmark, in raw SQL
// (INSERT … SELECT generate_series): a million rows through Prisma would take longer than the
// measurement. Everything is derived from the row number, so two runs seed the same data.
//
// Shape: `projects` projects × `tasksPerProject` tasks; each task has one agent role and mostly
// one model, and its calls fall on one day within the last `days` days (as a task runs for hours,
// not months), so the UsageRollup has as many rows as real use would give it. 50 people, 20 API
// keys (a tenth of the calls), 20 models from 3 providers, 10 roles; 1 in 40 calls failed; one in
// 20 is a chat call with no task; 1 in 50 of a task's calls went to a second model. Those choices hash
// the row number (hashint8), so they do not repeat with the task. The UsageRollup rows are built afterwards
// by rebuildUsage.
import { db } from "@/server/db";

export type SeedOptions = { calls: number; projects: number; tasksPerProject: number; days: number; timeZone: string };
export type PanelSeed = {
  orgId: string;
  userIds: string[];
  projectIds: string[];
  taskIds: string[];
  apiKeyIds: string[];
  budgetIds: string[];
  models: string[];
  roles: string[];
  calls: number;
  seedSeconds: number;
  analyze: () => Promise<void>;
};

const USERS = 50;
const API_KEYS = 20;
export const ROLES = ["researcher", "architect", "backend", "frontend", "qa", "devops", "designer", "writer", "security", "data"];
// [provider, model, $ per million input, $ per million output]
export const MODELS: [string, string, number, number][] = [
  ["openai", "gpt-5", 1.25, 10],
  ["openai", "gpt-5-mini", 0.25, 2],
  ["openai", "gpt-5-nano", 0.05, 0.4],
  ["openai", "gpt-4.1", 2, 8],
  ["openai", "gpt-4.1-mini", 0.4, 1.6],
  ["openai", "gpt-4o", 2.5, 10],
  ["openai", "o4-mini", 1.1, 4.4],
  ["anthropic", "claude-opus-4-1", 15, 75],
  ["anthropic", "claude-sonnet-4-5", 3, 15],
  ["anthropic", "claude-haiku-4-5", 1, 5],
  ["anthropic", "claude-sonnet-4", 3, 15],
  ["anthropic", "claude-3-5-haiku", 0.8, 4],
  ["anthropic", "claude-opus-4", 15, 75],
  ["anthropic", "claude-3-7-sonnet", 3, 15],
  ["compatible", "llama-3.3-70b", 0.6, 0.6],
  ["compatible", "qwen3-coder-30b", 0.3, 1.2],
  ["compatible", "mistral-large", 2, 6],
  ["compatible", "deepseek-v3", 0.27, 1.1],
  ["compatible", "gemma-3-27b", 0.1, 0.2],
  ["compatible", "phi-4", 0.07, 0.14],
];

const sqlArray = (values: (string | number)[]) =>
  `ARRAY[${values.map((v) => (typeof v === "number" ? String(v) : `'${v.replaceAll("'", "''")}'`)).join(",")}]`;

export async function seedPanel(tag: string, o: SeedOptions): Promise<PanelSeed> {
  const started = performance.now();
  const orgId = `${tag}org`;
  const T = o.projects * o.tasksPerProject;
  const run = (sql: string) => db.$executeRawUnsafe(sql);

  await run(`INSERT INTO "Org" (id, name, slug, "timeZone") VALUES ('${orgId}', 'Bench panel ${tag}', 'bench-panel-${tag}', '${o.timeZone}')`);
  await run(`INSERT INTO "User" (id, email, name) SELECT '${tag}u' || g, 'bench-${tag}-' || g || '@example.test', 'Bench person ' || g FROM generate_series(1, ${USERS}) g`);
  await run(`INSERT INTO "Membership" (id, "orgId", "userId", role, "updatedAt")
    SELECT '${tag}m' || g, '${orgId}', '${tag}u' || g, (CASE WHEN g = 1 THEN 'owner' WHEN g <= 5 THEN 'admin' ELSE 'member' END)::"Role", now()
    FROM generate_series(1, ${USERS}) g`);
  await run(`INSERT INTO "Project" (id, "orgId", name, goal, status, "createdById", "createdAt", "updatedAt")
    SELECT '${tag}p' || g, '${orgId}', 'Project ' || g, 'Benchmark project ' || g, 'running', '${tag}u' || (1 + g % ${USERS}),
      now() - interval '${o.days + 1} days', now()
    FROM generate_series(1, ${o.projects}) g`);
  await run(`INSERT INTO "Task" (id, "orgId", "projectId", key, title, role, description, "dependsOn", status, estimate, "updatedAt")
    SELECT '${tag}t' || g, '${orgId}', '${tag}p' || (1 + (g - 1) / ${o.tasksPerProject}), 't' || g, 'Task ' || g,
      (${sqlArray(ROLES)})[1 + g % ${ROLES.length}], '', '{}', 'succeeded',
      jsonb_build_object('tokens', 20000 + (g * 7919) % 200000, 'minutes', 5 + g % 60), now()
    FROM generate_series(1, ${T}) g`);
  await run(`INSERT INTO "ApiKey" (id, "orgId", name, "secretHash", prefix, scopes, "createdById")
    SELECT '${tag}k' || g, '${orgId}', 'Bench key ' || g, md5('${tag}' || g) || md5('${tag}x' || g), 'aios_sk_' || g || '…', '{}', '${tag}u' || (1 + g % ${USERS})
    FROM generate_series(1, ${API_KEYS}) g`);

  // The call: task ti = 1 + g % T, its project, its day (fixed per task), within the 8 hours before now's time of day.
  const models = MODELS.map((m) => m[1]);
  await run(`INSERT INTO "LlmCall" (id, "orgId", "projectId", "taskId", "userId", "apiKeyId", "agentRole", purpose, provider, model,
      "tokensIn", "tokensOut", "tokensCached", "costUsd", "cacheSavingsUsd", "latencyMs", status, error, "createdAt")
    SELECT '${tag}c' || g, '${orgId}', '${tag}p' || pi, CASE WHEN chat THEN NULL ELSE '${tag}t' || ti END, '${tag}u' || (1 + pi % ${USERS}),
      CASE WHEN keyed THEN '${tag}k' || (1 + pi % ${API_KEYS}) END, CASE WHEN chat THEN NULL ELSE (${sqlArray(ROLES)})[1 + ti % ${ROLES.length}] END,
      CASE WHEN chat THEN 'chat' WHEN planning THEN 'planning' ELSE 'agent' END,
      (${sqlArray(MODELS.map((m) => m[0]))})[mi], (${sqlArray(models)})[mi],
      tin, tout, tcached,
      round(((tin - tcached) * (${sqlArray(MODELS.map((m) => m[2]))})[mi] + tcached * (${sqlArray(MODELS.map((m) => m[2]))})[mi] / 10
        + tout * (${sqlArray(MODELS.map((m) => m[3]))})[mi]) / 1e6, 6),
      round(tcached * (${sqlArray(MODELS.map((m) => m[2]))})[mi] * 0.9 / 1e6, 6),
      200 + (g * 17) % 5000, CASE WHEN failed THEN 'error' ELSE 'ok' END, CASE WHEN failed THEN 'bench: provider error' END,
      (now() AT TIME ZONE 'UTC') - ((ti::bigint * 7919) % ${o.days}) * interval '1 day' - ((g * 104729) % 28800) * interval '1 second'
    FROM (
      SELECT g, ti, 1 + (ti - 1) / ${o.tasksPerProject} AS pi, h1 % 20 = 1 AS chat, (h1 / 100000) % 50 = 3 AS planning, (h1 / 1000) % 40 = 7 AS failed, h2 % 10 = 0 AS keyed,
        (1 + ((ti * 13) + CASE WHEN (h2 / 1000) % 50 = 5 THEN 1 ELSE 0 END) % ${MODELS.length})::int AS mi,
        (500 + (g * 7) % 20000)::int AS tin, (50 + (g * 13) % 2000)::int AS tout, (CASE WHEN g % 3 = 0 THEN (500 + (g * 7) % 20000) / 2 ELSE 0 END)::int AS tcached
      FROM (
        SELECT g, (1 + g % ${T})::int AS ti, abs(hashint8(g)::bigint) AS h1, abs(hashint8(g + ${o.calls})::bigint) AS h2
        FROM generate_series(1::bigint, ${o.calls}) g
      ) s
    ) c`);
  // Budgets the panel draws burn-down for: the org per month, a tenth of the projects per month.
  await run(`INSERT INTO "Budget" (id, "orgId", scope, "scopeId", metric, period, "limit", spent, "periodStart", "updatedAt")
    SELECT '${tag}b0', '${orgId}', 'org', '${orgId}', 'usd', 'month', 100000, 0, date_trunc('month', now()), now()
    UNION ALL
    SELECT '${tag}b' || g, '${orgId}', 'project', '${tag}p' || g, 'usd', 'month', 1000, 0, date_trunc('month', now()), now()
    FROM generate_series(1, ${o.projects}, 10) g`);
  await run(`UPDATE "Budget" b SET spent = s.cost FROM (
      SELECT COALESCE(sum("costUsd"), 0) AS cost, "projectId" FROM "LlmCall" WHERE "orgId" = '${orgId}' AND "createdAt" >= date_trunc('month', now() AT TIME ZONE 'UTC') GROUP BY "projectId"
    ) s WHERE b."orgId" = '${orgId}' AND b.scope = 'project' AND b."scopeId" = s."projectId"`);
  await run(`UPDATE "Budget" SET spent = (SELECT COALESCE(sum("costUsd"), 0) FROM "LlmCall" WHERE "orgId" = '${orgId}' AND "createdAt" >= date_trunc('month', now() AT TIME ZONE 'UTC'))
    WHERE id = '${tag}b0'`);
  const seedSeconds = (performance.now() - started) / 1000;

  const budgetIds = await db.budget.findMany({ where: { orgId }, select: { id: true } });
  return {
    orgId,
    userIds: Array.from({ length: USERS }, (_, i) => `${tag}u${i + 1}`),
    projectIds: Array.from({ length: o.projects }, (_, i) => `${tag}p${i + 1}`),
    taskIds: Array.from({ length: T }, (_, i) => `${tag}t${i + 1}`),
    apiKeyIds: Array.from({ length: API_KEYS }, (_, i) => `${tag}k${i + 1}`),
    budgetIds: budgetIds.map((b) => b.id),
    models,
    roles: ROLES,
    calls: o.calls,
    seedSeconds,
    // Fresh statistics, as autovacuum would have them on a database that grew to this size.
    analyze: async () => {
      for (const table of ["LlmCall", "UsageRollup", "Task", "Project", "Budget"]) await run(`ANALYZE "${table}"`);
    },
  };
}
