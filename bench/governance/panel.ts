// 4. The cost panel's queries over a seeded org with `calls` LlmCalls and their UsageRollup rows
// (built by the panel's own rebuildUsage, one INSERT … SELECT … GROUP BY). Each query is called as the
// usage router calls it, for the last 90 days (the whole seeded range: the most rows a query reads),
// `iterations` times after one untimed run (the 20,000-row CSV export of calls at most 5); p50 / p95 per query.
import {
  budgetBurnDown,
  CallsQuery,
  ExportQuery,
  exportUsageCsv,
  listUsageCalls,
  localDay,
  projectTaskCosts,
  RangeQuery,
  rebuildUsage,
  SeriesQuery,
  topProjects,
  topTasks,
  usageBreakdown,
  usageCoverage,
  usageSeries,
  usageTotals,
} from "@/server/governance";
import { addDays } from "@/server/governance/usage/dates";
import { interleaved, row, type Row } from "./measure";
import { seedPanel, type PanelSeed } from "./seed";

export type PanelOptions = { calls: number; iterations: number; maxSeconds: number };

const TIME_ZONE = "Europe/Berlin";
const DAYS = 90;

/** The panel's requests, by name: what Admin → Usage and a project's cost section ask the server. */
function panelQueries(seed: PanelSeed): Record<string, () => Promise<unknown>> {
  const org = seed.orgId;
  const to = localDay(new Date(), TIME_ZONE);
  const range = { from: addDays(to, -(DAYS - 1)), to };
  const busyProject = seed.projectIds[0]!;
  const series = (groupBy: string, bucket: string) => SeriesQuery.parse({ ...range, groupBy, bucket });
  return {
    overview: async () => [await usageTotals(org, RangeQuery.parse(range)), await usageCoverage(org)],
    series_model_day: () => usageSeries(org, series("model", "day")),
    series_agentRole_week: () => usageSeries(org, series("agentRole", "week")),
    series_project_day: () => usageSeries(org, series("project", "day")),
    series_user_month: () => usageSeries(org, series("user", "month")),
    series_apiKey_day: () => usageSeries(org, series("apiKey", "day")),
    breakdown_project: () => usageBreakdown(org, series("project", "day")),
    breakdown_model: () => usageBreakdown(org, series("model", "day")),
    top: async () => [await topProjects(org, RangeQuery.parse(range)), await topTasks(org, RangeQuery.parse(range))],
    budgets_burn_down: () => budgetBurnDown(org),
    calls_first_page: () => listUsageCalls(org, CallsQuery.parse({ ...range, limit: 50 })),
    calls_filtered_page: () => listUsageCalls(org, CallsQuery.parse({ ...range, model: seed.models[3], status: "failed", limit: 50 })),
    export_series_csv: () => exportUsageCsv(org, ExportQuery.parse({ ...range, kind: "series", groupBy: "model", bucket: "day" })),
    export_calls_csv_20k: () => exportUsageCsv(org, ExportQuery.parse({ ...range, kind: "calls" })),
    // The project cost section: the usage router's `project` query, its seven reads at once.
    project_section: () => {
      const f = series("model", "day");
      const p = { ...f, projectId: busyProject };
      return Promise.all([
        usageTotals(org, p),
        usageTotals(org, { from: "1970-01-01", to: "9999-12-31", projectId: busyProject }),
        usageSeries(org, p),
        usageBreakdown(org, { ...p, groupBy: "agentRole" }),
        usageBreakdown(org, { ...p, groupBy: "model" }),
        projectTaskCosts(org, busyProject),
        budgetBurnDown(org, { projectId: busyProject }),
      ]);
    },
  };
}

export async function measurePanel(
  tag: string,
  o: PanelOptions,
): Promise<{ rows: Row[]; numbers: Record<string, number>; notes: string[] }> {
  const seed = await seedPanel(tag, { calls: o.calls, projects: 300, tasksPerProject: 20, days: DAYS, timeZone: TIME_ZONE });
  console.error(`  seeded ${seed.calls} calls in ${seed.seedSeconds.toFixed(1)} s; rebuilding the rollup…`);
  const rebuildStarted = performance.now();
  const rebuilt = await rebuildUsage(seed.orgId);
  const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
  if (rebuilt.calls !== seed.calls) throw new Error(`bench: the rollup counts ${rebuilt.calls} calls, ${seed.calls} were seeded`);
  await seed.analyze();
  console.error(`  ${rebuilt.rows} rollup rows in ${rebuildSeconds.toFixed(1)} s; querying…`);
  // One query at a time (each its own bounded loop), so a slow one (the CSV export reads up to 20,000
  // calls) does not use up the others' time.
  const rows: Row[] = [];
  for (const [name, query] of Object.entries(panelQueries(seed))) {
    const iterations = name.startsWith("export_calls") ? Math.min(o.iterations, 5) : o.iterations;
    const samples = await interleaved({ [name]: query }, { warmup: 1, iterations, maxSeconds: o.maxSeconds });
    rows.push(row("panel", `panel_${name}`, name, samples[name]!));
  }
  return {
    rows,
    numbers: {
      panel_calls: seed.calls,
      panel_rollup_rows: rebuilt.rows,
      panel_seed_s: seed.seedSeconds,
      panel_rollup_rebuild_s: rebuildSeconds,
    },
    notes: [
      `cost panel org: ${seed.calls} calls, ${seed.projectIds.length} projects, ${seed.taskIds.length} tasks, ${seed.userIds.length} people, ` +
        `${seed.apiKeyIds.length} API keys, ${seed.models.length} models, ${seed.roles.length} roles, ${DAYS} days (${TIME_ZONE}); queries over the last ${DAYS} days`,
    ],
  };
}
