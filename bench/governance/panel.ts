// 4. The cost panel's queries over a seeded org with `calls` LlmCalls and their UsageRollup rows:
// each query runs `iterations` times (after one untimed run), p95 per query.
import { interleaved, row, type Row } from "./measure";
import { seedPanel, type PanelSeed } from "./seed";

export type PanelOptions = { calls: number; iterations: number; maxSeconds: number };

/** The queries the cost panel makes, by name (filled from server/governance/usage). */
function panelQueries(seed: PanelSeed): Record<string, () => Promise<unknown>> {
  void seed;
  return {};
}

export async function measurePanel(
  tag: string,
  o: PanelOptions,
): Promise<{ rows: Row[]; numbers: Record<string, number>; notes: string[] }> {
  const seed = await seedPanel(tag, { calls: o.calls, projects: 300, tasksPerProject: 20, days: 90, timeZone: "Europe/Berlin" });
  console.error(`  seeded ${seed.calls} calls in ${seed.seedSeconds.toFixed(1)} s, ${seed.rollupRows} rollup rows in ${seed.rollupSeconds.toFixed(1)} s`);
  const queries = panelQueries(seed);
  const samples = await interleaved(queries, { warmup: 1, iterations: o.iterations, maxSeconds: o.maxSeconds });
  return {
    rows: Object.entries(samples).map(([name, s]) => row("panel", `panel_${name}`, name, s)),
    numbers: {
      panel_calls: seed.calls,
      panel_rollup_rows: seed.rollupRows,
      panel_seed_s: seed.seedSeconds,
      panel_rollup_build_s: seed.rollupSeconds,
    },
    notes: [],
  };
}
