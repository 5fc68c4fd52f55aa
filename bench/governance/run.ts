// One database of the governance benchmark, run as its own process by bench/governance.ts
// (server/env.ts reads process.env once per process, so PGlite and Postgres cannot share one):
//
//   tsx --import ./scripts/register.mjs bench/governance/run.ts <pglite|postgres> [--calls=1000000]
//       [--iterations=2000] [--panel-iterations=20] [--concurrency=32] [--contention-seconds=10]
//
// Postgres mode reads the database URL from DATABASE_URL (the parent drops and re-creates that
// database first). Prints one result line (see ../lib/child.ts).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { intOption, parseArgs } from "../lib/args";
import { emitChildResult } from "../lib/child";
import type { ChildReport, Row } from "./measure";

const { positional, options } = parseArgs(process.argv.slice(2));
const DATABASES = ["pglite", "postgres"] as const;
const which = positional[0] as (typeof DATABASES)[number];
if (!DATABASES.includes(which)) throw new Error(`unknown database "${which}": pglite or postgres`);
const CALLS = intOption(options, "calls", 1_000_000, 5_000_000);
const ITERATIONS = intOption(options, "iterations", 2000, 100_000);
const PANEL_ITERATIONS = intOption(options, "panel-iterations", 20, 1000);
const CONCURRENCY = intOption(options, "concurrency", 32, 256);
const CONTENTION_SECONDS = intOption(options, "contention-seconds", 10, 300);
const MAX_SECONDS = intOption(options, "max-seconds", 120, 1800); // per measuring loop
const SECRET = "bench-secret-not-for-production-0123456789abcdef";

async function main(): Promise<ChildReport> {
  const dataDir = mkdtempSync(join(tmpdir(), "aios-bench-governance-"));
  Object.assign(process.env, {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    NEXTAUTH_SECRET: SECRET,
    AIOS_DATA_DIR: dataDir,
    AIOS_OFFLINE_MODEL_DELAY_MS: "0",
    DATABASE_URL: which === "postgres" ? process.env.DATABASE_URL : "",
  });
  if (which === "postgres" && !process.env.DATABASE_URL) throw new Error("postgres mode needs DATABASE_URL");
  const { prepareDatabase, closeDatabase } = await import("@/server/db");
  const auth = await import("./auth");
  const admission = await import("./admission");
  const panel = await import("./panel");

  await prepareDatabase();
  const tag = randomBytes(3).toString("hex");
  const loop = { warmup: Math.min(200, Math.ceil(ITERATIONS / 10)), iterations: ITERATIONS, maxSeconds: MAX_SECONDS };
  const rows: Row[] = [];
  const numbers: Record<string, number> = {};
  const notes: string[] = [];
  numbers.load_1m_at_start = loadavg()[0]!;
  try {
    console.error(`[${which}] auth…`);
    rows.push(...(await auth.measureAuth(await auth.authFixture(tag), loop)));
    console.error(`[${which}] admission…`);
    const calls = await admission.callFixture(tag);
    const a = await admission.measureAdmission(calls, loop);
    rows.push(...a.rows);
    Object.assign(numbers, a.numbers);
    console.error(`[${which}] contention (${CONCURRENCY} callers, ${CONTENTION_SECONDS} s each)…`);
    const c = await admission.measureContention(calls, { concurrency: CONCURRENCY, seconds: CONTENTION_SECONDS });
    rows.push(...c.rows);
    Object.assign(numbers, c.numbers);
    console.error(`[${which}] seeding ${CALLS} calls…`);
    const p = await panel.measurePanel(tag, { calls: CALLS, iterations: PANEL_ITERATIONS, maxSeconds: MAX_SECONDS });
    rows.push(...p.rows);
    Object.assign(numbers, p.numbers);
    notes.push(...p.notes);
    numbers.load_1m_at_end = loadavg()[0]!;
  } finally {
    await closeDatabase();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return {
    db: which,
    describe: which === "pglite" ? "PGlite (temp data folder)" : `Postgres (${new URL(process.env.DATABASE_URL!).pathname.slice(1)})`,
    rows,
    numbers,
    notes,
  };
}

main().then(
  (report) => emitChildResult(report),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  },
);
