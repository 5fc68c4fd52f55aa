// The gateway's own cost (issue 8): what a call through the OpenAI-compatible endpoint
// (/api/v1/chat/completions: key auth, routing, budget hold, metering, settlement) adds to the same
// loopback upstream called directly, at concurrency 1 (p50/p99 in µs and the ratio); the highest open-
// loop request rate whose p99 added latency stays under 10 ms; and the latency of a response-cache hit.
// Each database runs in its own child process (bench/gateway/run.ts): PGlite (embedded) always,
// Postgres (server mode) when a server is given.
//
// Options: --iterations=2000 (rounds at concurrency 1) --max-seconds=120 (per loop) --step-seconds=4
// (per rate step) --max-rate=2000 --pg=postgres://… (or AIOS_BENCH_DATABASE_URL / AIOS_TEST_DATABASE_URL;
// the benchmark drops and re-creates database `aios_bench` on it).
import { availableParallelism } from "node:os";
import { parseArgs } from "./lib/args";
import { runChildJson } from "./lib/child";
import { markdownTable, reportResult } from "./lib/results";
import { round } from "./lib/stats";
import { postgresTarget, resetDatabase } from "./governance";
import type { GatewayReport } from "./gateway/run";

const us = (ms: number) => Math.round(ms * 1000);

export async function runGateway(argv: string[]): Promise<void> {
  const { options } = parseArgs(argv);
  const childArgs = ["iterations", "max-seconds", "step-seconds", "max-rate"].filter((k) => options.has(k)).map((k) => `--${k}=${options.get(k)}`);
  const target = postgresTarget(options);
  const reports: GatewayReport[] = [];
  const failures: string[] = [];
  for (const which of target ? (["pglite", "postgres"] as const) : (["pglite"] as const)) {
    console.error(`[gateway] ${which}…`);
    try {
      const env = { ...process.env };
      if (which === "postgres") {
        await resetDatabase(target!);
        env.DATABASE_URL = target!;
      }
      reports.push((await runChildJson<GatewayReport>(`gateway:${which}`, "bench/gateway/run.ts", [which, ...childArgs], env, { timeoutMs: 1_800_000 })).result);
    } catch (err) {
      const reason = (err instanceof Error ? err.message : String(err)).split("\n")[0]!;
      console.error(`[gateway] ${which} failed: ${reason}`);
      failures.push(`${which}: ${reason}`);
    }
  }

  const metrics: Record<string, number> = { databases_failed: failures.length };
  const serialRows: (string | number)[][] = [];
  for (const r of reports) {
    const { direct, gateway, cached } = r.serial;
    const m = (k: string, v: number) => (metrics[`${r.db}_${k}`] = v);
    m("direct_p50_us", us(direct.p50));
    m("direct_p99_us", us(direct.p99));
    m("gateway_p50_us", us(gateway.p50));
    m("gateway_p99_us", us(gateway.p99));
    m("added_p50_us", us(gateway.p50 - direct.p50));
    m("added_p99_us", us(gateway.p99 - direct.p99));
    m("ratio_p50", round(gateway.p50 / direct.p50, 2));
    m("ratio_p99", round(gateway.p99 / direct.p99, 2));
    m("cache_hit_p50_us", us(cached.p50));
    m("cache_hit_p99_us", us(cached.p99));
    m("max_rate_added_p99_under_10ms", r.maxRate);
    m("part_auth_p50_us", us(r.parts.auth.p50));
    m("part_generate_p50_us", us(r.parts.generate.p50));
    for (const [k, v] of Object.entries(r.numbers)) m(k, round(v, 2));
    serialRows.push(
      [`${r.db}: upstream called directly`, direct.n, us(direct.p50), us(direct.p99), "—", "baseline"],
      [`${r.db}: through /api/v1/chat/completions`, gateway.n, us(gateway.p50), us(gateway.p99), `+${us(gateway.p50 - direct.p50)} / +${us(gateway.p99 - direct.p99)}`, `${round(gateway.p50 / direct.p50, 2)}× / ${round(gateway.p99 / direct.p99, 2)}×`],
      [`${r.db}: response-cache hit (temperature 0)`, cached.n, us(cached.p50), us(cached.p99), `+${us(cached.p50 - direct.p50)} / +${us(cached.p99 - direct.p99)}`, `${round(cached.p50 / direct.p50, 2)}× / ${round(cached.p99 / direct.p99, 2)}×`],
    );
  }
  const parts = [
    `## One call at a time (concurrency 1), µs\n\n${markdownTable(["path", "n", "p50", "p99", "added p50 / p99", "ratio p50 / p99"], serialRows)}`,
    `## Where the added time goes (in process, no HTTP, concurrency 1), µs\n\n${markdownTable(
      ["part", ...reports.flatMap((r) => [`${r.db} p50`, `${r.db} p99`])],
      [
        ["key resolution (principal, models:invoke)", ...reports.flatMap((r) => [us(r.parts.auth.p50), us(r.parts.auth.p99)])],
        ["generate() incl. the upstream call (route, hold, call, record, settle)", ...reports.flatMap((r) => [us(r.parts.generate.p50), us(r.parts.generate.p99)])],
      ],
    )}`,
  ];
  for (const r of reports) {
    parts.push(
      `## ${r.db}: open-loop rate ladder through the endpoint (pass: no failures, ≥ 90 % of the rate kept, p99 − direct p99 < 10 ms)\n\n${markdownTable(
        ["rate /s", "sent", "ok", "failed", "achieved /s", "p50 ms", "p99 ms", "added p99 ms", "pass"],
        r.steps.map((s) => [s.rate, s.sent, s.ok, s.failed, round(s.achieved, 1), round(s.p50, 2), round(s.p99, 2), round(s.addedP99, 2), s.pass ? "yes" : "no"]),
      )}\n\nHighest rate with p99 added latency under 10 ms: **${r.maxRate}/s**.`,
    );
  }
  const notes = [
    "Client, AIOS (route handler behind the server.ts request wrapper) and the loopback upstream share one Node process and event loop: the added latency includes AIOS's HTTP handling and JSON on both sides, and at high rates the client's own work competes with the server's.",
    "Every gateway call holds on one org budget and settles it in the recording transaction (LlmCall + usage rollup + event); the key's lookup is served from the process cache after the first request, its state re-read per request.",
    `Load average (1 min) at start / end: ${reports.map((r) => `${r.db} ${round(r.numbers.load_1m_at_start ?? NaN, 1)} / ${round(r.numbers.load_1m_at_end ?? NaN, 1)}`).join(", ")} on ${availableParallelism()} CPUs: latencies scale with it.`,
    ...reports.map((r) => `${r.db}: ${r.describe}; open budget holds after the run: ${r.numbers.open_holds_after ?? "—"}; cache hits recorded: ${r.numbers.cache_hits ?? "—"}.`),
    ...reports
      .filter((r) => r.numbers.statements_http_call !== undefined)
      .map((r) => `${r.db}: SQL statements (round trips, BEGIN/COMMIT included) per call: key check ${r.numbers.statements_auth}, generate() ${r.numbers.statements_generate}, HTTP call ${r.numbers.statements_http_call}, HTTP cache hit ${r.numbers.statements_http_cache_hit}.`),
    ...failures.map((f) => `failed: ${f}`),
  ];
  if (!target) notes.push("Postgres (server mode) not measured: give --pg=postgres://… or set AIOS_BENCH_DATABASE_URL / AIOS_TEST_DATABASE_URL.");
  parts.push(notes.map((n) => `- ${n}`).join("\n"));
  reportResult("gateway", metrics, parts.join("\n\n"));
}
