// Governance overheads (issue 7): what a bearer API key costs per request against a session, what
// budget admission and settlement add to a model call (1 and 5 budget levels, beside a call with no
// budget), admitted calls per second when many callers contend for one budget, and the cost panel's
// queries over a million seeded LlmCalls. Each database runs in its own child process
// (bench/governance/run.ts): PGlite always, Postgres when a server is given.
//
// Options: --calls=1000000 (seeded LlmCalls) --iterations=2000 (per latency loop) --panel-iterations=20
// --concurrency=32 --contention-seconds=10 --max-seconds=120 (per loop)
// --pg=postgres://… (or AIOS_BENCH_DATABASE_URL / AIOS_TEST_DATABASE_URL): the server to use; the
// benchmark drops and re-creates database `aios_bench` on it (AIOS_BENCH_DATABASE_URL: its own database).
import { availableParallelism } from "node:os";
import pg from "pg";
import { intOption, parseArgs } from "./lib/args";
import { runChildJson } from "./lib/child";
import { markdownTable, reportResult } from "./lib/results";
import { round } from "./lib/stats";
import type { ChildReport, Row } from "./governance/measure";

const BENCH_DB = "aios_bench";

/** The Postgres database this run owns (dropped and re-created), or null for PGlite only. */
export function postgresTarget(options: Map<string, string>): string | null {
  const own = process.env.AIOS_BENCH_DATABASE_URL;
  if (own && !options.has("pg")) return own;
  const server = options.get("pg") ?? process.env.AIOS_TEST_DATABASE_URL;
  if (!server) return null;
  const url = new URL(server);
  url.pathname = `/${BENCH_DB}`; // never the test database itself: the suites wipe it, and this fills it
  return url.toString();
}

export async function resetDatabase(target: string): Promise<void> {
  const url = new URL(target);
  const name = url.pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bench database name "${name}" must be a plain identifier`);
  const testDb = process.env.AIOS_TEST_DATABASE_URL ? new URL(process.env.AIOS_TEST_DATABASE_URL).pathname.slice(1) : null;
  if (name === testDb) throw new Error(`refusing to drop the test database ${name}: set AIOS_BENCH_DATABASE_URL to another database`);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const fresh = new pg.Client({ connectionString: target });
  await fresh.connect();
  try {
    await fresh.query("CREATE EXTENSION IF NOT EXISTS vector");
  } finally {
    await fresh.end();
  }
}

const ms = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "—" : round(v, 2));
const added = (v: number | undefined, base: number | undefined) =>
  v === undefined || base === undefined || !Number.isFinite(v - base) ? "—" : `${v - base >= 0 ? "+" : ""}${round(v - base, 2)}`;

export async function runGovernance(argv: string[]): Promise<void> {
  const { options } = parseArgs(argv);
  const childArgs = ["calls", "iterations", "panel-iterations", "concurrency", "contention-seconds", "max-seconds"]
    .filter((k) => options.has(k))
    .map((k) => `--${k}=${options.get(k)}`);
  const calls = intOption(options, "calls", 1_000_000, 5_000_000);
  const target = postgresTarget(options);

  const reports: ChildReport[] = [];
  const failures: string[] = [];
  // Postgres first: it is the deployment the targets are set for.
  const dbs: ("pglite" | "postgres")[] = target ? ["postgres", "pglite"] : ["pglite"];
  for (const which of dbs) {
    console.error(`[governance] ${which}…`);
    try {
      const env = { ...process.env };
      if (which === "postgres") {
        await resetDatabase(target!);
        env.DATABASE_URL = target!;
      }
      const { result } = await runChildJson<ChildReport>(`governance:${which}`, "bench/governance/run.ts", [which, ...childArgs], env, {
        timeoutMs: 3_600_000,
      });
      reports.push(result);
    } catch (err) {
      const reason = (err instanceof Error ? err.message : String(err)).split("\n")[0]!;
      console.error(`[governance] ${which} failed: ${reason}`);
      failures.push(`${which}: ${reason}`);
    }
  }

  const metrics: Record<string, number> = { seeded_calls: calls, databases_failed: failures.length };
  for (const r of reports) {
    const byKey = new Map(r.rows.map((x) => [x.key, x]));
    for (const x of r.rows) {
      const k = `${r.db}_${x.key}`;
      metrics[`${k}_n`] = x.n;
      for (const p of ["p50", "p95", "p99"] as const) metrics[`${k}_${p}_ms`] = round(x[p]);
      const base = x.baseline ? byKey.get(x.baseline) : undefined;
      if (base) {
        metrics[`${k}_added_p50_ms`] = round(x.p50 - base.p50);
        metrics[`${k}_added_p99_ms`] = round(x.p99 - base.p99);
      }
    }
    for (const [k, v] of Object.entries(r.numbers)) metrics[`${r.db}_${k}`] = round(v);
  }

  // One table per section; the databases side by side.
  const sections: { id: Row["section"]; title: string; cols: ("p50" | "p95" | "p99")[] }[] = [
    { id: "auth", title: "Per-request authentication (principal resolution), ms", cols: ["p50", "p99"] },
    { id: "admission", title: "Model call through the gateway (offline model, delay 0), ms", cols: ["p50", "p99"] },
    { id: "contention", title: "Contention on one budget", cols: ["p50", "p99"] },
    { id: "panel", title: `Cost panel queries at ${calls.toLocaleString("en")} LlmCalls, ms (target p95 < 300)`, cols: ["p50", "p95"] },
  ];
  const parts: string[] = [];
  for (const s of sections) {
    const keys = [...new Set(reports.flatMap((r) => r.rows.filter((x) => x.section === s.id).map((x) => x.key)))];
    if (!keys.length) continue;
    const headers = ["measurement"];
    for (const r of reports) {
      for (const c of s.cols) headers.push(`${r.db} ${c}`);
      if (s.id !== "panel") headers.push(`${r.db} added p50 / p99`);
    }
    const rows = keys.map((key) => {
      const cells: (string | number)[] = [reports.flatMap((r) => r.rows).find((x) => x.key === key)!.label];
      for (const r of reports) {
        const x = r.rows.find((y) => y.key === key);
        const base = x?.baseline ? r.rows.find((y) => y.key === x.baseline) : undefined;
        for (const c of s.cols) cells.push(ms(x?.[c]));
        const isBaseline = r.rows.some((y) => y.baseline === key);
        if (s.id !== "panel") cells.push(base ? `${added(x?.p50, base.p50)} / ${added(x?.p99, base.p99)}` : isBaseline ? "baseline" : "all added");
      }
      return cells;
    });
    parts.push(`## ${s.title}\n\n${markdownTable(headers, rows)}`);
  }
  const numberKeys = [...new Set(reports.flatMap((r) => Object.keys(r.numbers)))];
  if (numberKeys.length) {
    parts.push(
      `## Figures\n\n${markdownTable(
        ["figure", ...reports.map((r) => r.db)],
        numberKeys.map((k) => [k, ...reports.map((r) => (k in r.numbers ? round(r.numbers[k]!, 2) : "—"))]),
      )}`,
    );
  }
  const notes = [
    `Load average (1 min) at the start / end of each database: ${reports.map((r) => `${r.db} ${round(r.numbers.load_1m_at_start ?? NaN, 1)} / ${round(r.numbers.load_1m_at_end ?? NaN, 1)}`).join(", ")} on ${availableParallelism()} CPUs: latencies scale with it.`,...reports.map((r) => `${r.db}: ${r.describe}`), ...reports.flatMap((r) => r.notes.map((n) => `${r.db}: ${n}`)), ...failures.map((f) => `failed: ${f}`)];
  if (!target) notes.push("Postgres not measured: give --pg=postgres://… or set AIOS_BENCH_DATABASE_URL / AIOS_TEST_DATABASE_URL.");
  parts.push(notes.map((n) => `- ${n}`).join("\n"));
  reportResult("governance", metrics, parts.join("\n\n"));
}
