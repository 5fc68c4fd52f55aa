// One database of the gateway benchmark, run as its own process by bench/gateway.ts (server/env.ts
// reads process.env once per process):
//
//   tsx --import ./scripts/register.mjs bench/gateway/run.ts <pglite|postgres> [--iterations=2000]
//       [--max-seconds=120] [--step-seconds=4] [--max-rate=2000]
//
// Postgres mode reads DATABASE_URL (the parent drops and re-creates that database first). Prints one
// result line (see ../lib/child.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { intOption, parseArgs } from "../lib/args";
import { emitChildResult } from "../lib/child";
import type { Dist, RateStep } from "./measure";

const { positional, options } = parseArgs(process.argv.slice(2));
const which = positional[0] as "pglite" | "postgres";
if (which !== "pglite" && which !== "postgres") throw new Error(`unknown database "${String(which)}": pglite or postgres`);
const ITERATIONS = intOption(options, "iterations", 2000, 100_000);
const MAX_SECONDS = intOption(options, "max-seconds", 120, 1800);
const STEP_SECONDS = intOption(options, "step-seconds", 4, 60);
const MAX_RATE = intOption(options, "max-rate", 2000, 20_000);
const ADDED_P99_LIMIT_MS = 10;
const SECRET = "bench-secret-not-for-production-0123456789abcdef";

export type GatewayReport = {
  db: "pglite" | "postgres";
  describe: string;
  serial: Record<"direct" | "gateway" | "cached", Dist>;
  /** In process, no HTTP: the key's resolution and one generate() of the same request. */
  parts: Record<"auth" | "generate", Dist>;
  steps: RateStep[];
  maxRate: number;
  numbers: Record<string, number>;
};

async function main(): Promise<GatewayReport> {
  const dataDir = mkdtempSync(join(tmpdir(), "aios-bench-gateway-"));
  Object.assign(process.env, {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    NEXTAUTH_SECRET: SECRET,
    AIOS_DATA_DIR: dataDir,
    DATABASE_URL: which === "postgres" ? process.env.DATABASE_URL : "",
  });
  if (which === "postgres" && !process.env.DATABASE_URL) throw new Error("postgres mode needs DATABASE_URL");
  const { prepareDatabase, closeDatabase } = await import("@/server/db");
  const { gatewayFixture } = await import("./fixture");
  const { callers, dist, interleaved, openLoop, partCallers } = await import("./measure");
  await prepareDatabase();
  const f = await gatewayFixture();
  const numbers: Record<string, number> = { load_1m_at_start: loadavg()[0]! };
  try {
    const c = callers(f);
    console.error(`[${which}] concurrency 1: direct, through the gateway, cache hits (${ITERATIONS} rounds)…`);
    const samples = await interleaved(c, { warmup: Math.min(200, Math.ceil(ITERATIONS / 10)), iterations: ITERATIONS, maxSeconds: MAX_SECONDS });
    const serial = { direct: dist(samples.direct!), gateway: dist(samples.gateway!), cached: dist(samples.cached!) };
    console.error(`[${which}] the parts in process: key resolution, generate()…`);
    const partCallersOf = await partCallers(f);
    const partSamples = await interleaved(partCallersOf, { warmup: Math.min(100, Math.ceil(ITERATIONS / 20)), iterations: Math.ceil(ITERATIONS / 2), maxSeconds: MAX_SECONDS });
    const parts = { auth: dist(partSamples.auth!), generate: dist(partSamples.generate!) };
    const { db } = await import("@/server/db");
    numbers.cache_hits = await db.llmCall.count({ where: { orgId: f.orgId, cacheHit: true } });
    numbers.open_holds_after = await db.budgetHold.count({ where: { orgId: f.orgId } });
    if (which === "postgres") {
      const { countStatements } = await import("./statements");
      // Round trips per call, one call of each kind on its own (the rate ladder has not started).
      const each = { auth: partCallersOf.auth, generate: partCallersOf.generate, http_call: c.gateway, http_cache_hit: c.cached };
      for (const [name, work] of Object.entries(each)) numbers[`statements_${name}`] = await countStatements(work);
    }

    console.error(`[${which}] open-loop rate ladder, ${STEP_SECONDS} s a step…`);
    const steps: RateStep[] = [];
    for (let rate = 2; rate <= MAX_RATE; rate = Math.ceil(rate * 1.5)) {
      const step = await openLoop(c.gateway, rate, STEP_SECONDS, serial.direct.p99, ADDED_P99_LIMIT_MS);
      steps.push(step);
      console.error(`[${which}]   ${rate}/s: ${step.ok}/${step.sent} ok, achieved ${step.achieved.toFixed(1)}/s, p99 ${step.p99.toFixed(2)} ms (added ${step.addedP99.toFixed(2)}) ${step.pass ? "pass" : "FAIL"}`);
      if (!step.pass) break;
      await new Promise((r) => setTimeout(r, 500)); // let the last step's stragglers settle
    }
    numbers.load_1m_at_end = loadavg()[0]!;
    return {
      db: which,
      describe: which === "pglite" ? "PGlite (embedded, temp data folder)" : `Postgres (${new URL(process.env.DATABASE_URL!).pathname.slice(1)})`,
      serial,
      parts,
      steps,
      maxRate: Math.max(0, ...steps.filter((s) => s.pass).map((s) => s.rate)),
      numbers,
    };
  } finally {
    await f.close();
    await closeDatabase();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (report) => emitChildResult(report),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  },
);
