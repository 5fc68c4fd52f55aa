// Seeds model calls into a stopped embedded server's data folder for tests/e2e/usage.spec.ts: two
// projects (one with a costed plan and tasks), 30 days of calls on two models and four roles in an
// America/Los_Angeles org, some failed and some cache hits, and two budgets. Each call is recorded the
// way the gateway records it (LlmCall + rollup in one transaction). Prints what the panel must show.
// Run: AIOS_DATA_DIR=<dir> tsx --import ./scripts/register.mjs tests/e2e/usage-seed.ts
import { closeDatabase, db, prepareDatabase } from "@/server/db";
import { addUsage, localDay } from "@/server/governance";

const TZ = "America/Los_Angeles";
const MODELS = [
  { provider: "openai", model: "gpt-4.1-mini" },
  { provider: "anthropic", model: "claude-sonnet-4" },
];
const ROLES = ["planner", "backend", "frontend", "qa"];

async function main() {
  await prepareDatabase();
  const org = await db.org.findFirstOrThrow();
  const owner = await db.user.findFirstOrThrow();
  await db.org.update({ where: { id: org.id }, data: { timeZone: TZ } });
  const plan = {
    tasks: [
      { key: "api", costUsd: 0.9 },
      { key: "ui", costUsd: 0.6 },
    ],
    totals: { tokens: 60_000, costUsd: 1.5 },
  };
  const tracker = await db.project.create({ data: { orgId: org.id, name: "Price tracker", goal: "Track prices of a few products", status: "running", plan, createdById: owner.id } });
  const docs = await db.project.create({ data: { orgId: org.id, name: "Docs site", goal: "A documentation site for the API", status: "completed", createdById: owner.id } });
  const task = (key: string, title: string, role: string, tokens: number) =>
    db.task.create({ data: { orgId: org.id, projectId: tracker.id, key, title, role, description: title, status: "succeeded", estimate: { tokens, minutes: 5 } } });
  const api = await task("api", "Build the prices API", "backend", 30_000);
  const ui = await task("ui", "Build the prices page", "frontend", 30_000);

  const now = Date.now();
  let n = 0;
  for (let daysAgo = 29; daysAgo >= 0; daysAgo--) {
    const perDay = 2 + (daysAgo % 4);
    for (let i = 0; i < perDay; i++) {
      n++;
      const m = MODELS[n % 2]!;
      const role = ROLES[n % 4]!;
      const project = n % 5 === 0 ? docs : tracker;
      const taskId = project === tracker && role === "backend" ? api.id : project === tracker && role === "frontend" ? ui.id : null;
      const failed = n % 7 === 0;
      const cached = n % 3 === 0 ? 1200 : 0;
      const cost = ((n * 37) % 90) / 1000 + 0.0123;
      await db.$transaction(async (tx) => {
        const row = await tx.llmCall.create({
          data: {
            orgId: org.id,
            projectId: project.id,
            taskId,
            userId: owner.id,
            agentRole: role,
            purpose: role === "planner" ? "planning" : "agent",
            provider: m.provider,
            model: m.model,
            tokensIn: 2000 + (n % 9) * 150,
            tokensOut: 300 + (n % 5) * 40,
            tokensCached: cached,
            costUsd: cost.toFixed(6),
            cacheSavingsUsd: cached ? "0.002400" : "0",
            status: failed ? "error" : "ok",
            error: failed ? "The provider timed out." : null,
            latencyMs: 800 + n,
            createdAt: new Date(now - daysAgo * 86_400_000 - i * 3_600_000),
          },
        });
        await addUsage(tx, row);
      });
    }
  }
  await db.budget.create({ data: { orgId: org.id, scope: "org", scopeId: org.id, metric: "usd", period: "month", limit: 5, createdById: owner.id } });
  await db.budget.create({ data: { orgId: org.id, scope: "project", scopeId: tracker.id, metric: "usd", period: "total", limit: 3, createdById: owner.id } });

  const today = localDay(new Date(), TZ);
  const [last30] = await db.$queryRaw<{ costUsd: number; calls: number; failedCostUsd: number; failedCalls: number }[]>`
    SELECT round(sum("costUsd"), 6)::float8 AS "costUsd", count(*)::int AS "calls",
      round(coalesce(sum("costUsd") FILTER (WHERE "status" <> 'ok'), 0), 6)::float8 AS "failedCostUsd",
      (count(*) FILTER (WHERE "status" <> 'ok'))::int AS "failedCalls"
    FROM "LlmCall" WHERE "orgId" = ${org.id}
      AND (("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE ${TZ})::date BETWEEN (${today}::date - 29) AND ${today}::date`;
  const [project] = await db.$queryRaw<{ costUsd: number }[]>`
    SELECT round(sum("costUsd"), 6)::float8 AS "costUsd" FROM "LlmCall" WHERE "projectId" = ${tracker.id}`;
  console.log(JSON.stringify({ orgId: org.id, projectId: tracker.id, today, last30, trackerAllTime: project!.costUsd }));
  await closeDatabase();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
