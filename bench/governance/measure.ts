// Timing loops and the shape a governance child reports to bench/governance.ts.
import { percentile } from "../lib/stats";

/** One measured line of the report: a latency distribution (ms) or a rate. */
export type Row = {
  section: "auth" | "admission" | "contention" | "panel";
  /** Metric key without the database prefix, e.g. "auth_bearer_cached". */
  key: string;
  label: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  /** What this row is compared against (another row's key), for the "added" columns. */
  baseline?: string;
};

export type ChildReport = {
  db: "pglite" | "postgres";
  describe: string;
  rows: Row[];
  /** Plain numbers (rates, counts, seconds): metric key without the database prefix → value. */
  numbers: Record<string, number>;
  notes: string[];
};

export type Dist = { n: number; p50: number; p95: number; p99: number; mean: number };

export function dist(samples: readonly number[]): Dist {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((s, v) => s + v, 0) / (sorted.length || 1),
  };
}

export type LoopOptions = { warmup: number; iterations: number; maxSeconds: number };

/**
 * Runs each variant once per round, in turn (so a drift in background load hits all of them
 * alike), `warmup` untimed rounds first; stops after `iterations` rounds or `maxSeconds`.
 * Returns the samples (ms) per variant.
 */
export async function interleaved(
  variants: Record<string, () => Promise<unknown>>,
  { warmup, iterations, maxSeconds }: LoopOptions,
): Promise<Record<string, number[]>> {
  const names = Object.keys(variants);
  const out: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const deadline = performance.now() + maxSeconds * 1000;
  for (let i = 0; i < warmup + iterations && performance.now() < deadline; i++) {
    for (const name of names) {
      const t = performance.now();
      await variants[name]!();
      if (i >= warmup) out[name]!.push(performance.now() - t);
    }
  }
  return out;
}

export function row(section: Row["section"], key: string, label: string, samples: readonly number[], baseline?: string): Row {
  return { section, key, label, ...dist(samples), ...(baseline ? { baseline } : {}) };
}
