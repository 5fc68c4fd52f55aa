// "Event published → received by 100 connected Socket.IO clients": per-client delivery latency in
// embedded mode (PGlite, in-process Socket.IO), server mode (Postgres; the publisher is a worker-style
// postgresEmitterSink(), so delivery goes through pg_notify and the web side's postgres adapter), and a
// bare Socket.IO baseline (io.emit, no auth, no DB) measured in the same run.
//
// Each mode runs as its own child process (bench/live-run.ts): server/env.ts parses the environment
// once per process. Modes are interleaved over --rounds so a change in background load hits all of
// them alike. Options: --clients=100 --events=200 (total per mode) --rounds=2 --pg=postgres://…
import { loadavg } from "node:os";
import type { LiveMode, LiveRunResult } from "./live-run";
import { intOption, parseArgs } from "./lib/args";
import { runChildJson } from "./lib/child";
import { markdownTable, reportResult } from "./lib/results";
import { round, summarize } from "./lib/stats";

const MODES: { mode: LiveMode; prefix: string }[] = [
  { mode: "baseline", prefix: "baseline" },
  { mode: "embedded", prefix: "embedded" },
  { mode: "server", prefix: "server" },
];

type Pooled = Omit<LiveRunResult, "mode" | "warmup" | "seconds"> & { stopped: string[] };

function pool(runs: LiveRunResult[]): Pooled {
  const out: Pooled = {
    describe: [...new Set(runs.map((r) => r.describe))].join("; "),
    clients: runs[0]!.clients,
    events: 0,
    expected: 0,
    delivered: 0,
    duplicates: 0,
    timedOutEvents: 0,
    payloadBytes: 0,
    stoppedEarly: null,
    stopped: [],
    latencies: [],
    commit: [],
    emit: [],
    lastClient: [],
    firstClient: [],
  };
  for (const r of runs) {
    out.events += r.events;
    out.expected += r.expected;
    out.delivered += r.delivered;
    out.duplicates += r.duplicates;
    out.timedOutEvents += r.timedOutEvents;
    out.payloadBytes ||= r.payloadBytes;
    if (r.stoppedEarly) out.stopped.push(r.stoppedEarly);
    for (const k of ["latencies", "commit", "emit", "lastClient", "firstClient"] as const) {
      for (const v of r[k]) out[k].push(v);
    }
  }
  return out;
}

function failedRun(mode: LiveMode, clients: number, events: number, reason: string): LiveRunResult {
  return {
    mode,
    describe: `did not run (${reason})`,
    clients,
    events: 0,
    warmup: 0,
    expected: clients * events,
    delivered: 0,
    stoppedEarly: "failed",
    duplicates: 0,
    timedOutEvents: 0,
    payloadBytes: 0,
    latencies: [],
    commit: [],
    emit: [],
    lastClient: [],
    firstClient: [],
    seconds: 0,
  };
}

export async function runLive(argv: string[]): Promise<void> {
  const { options } = parseArgs(argv);
  const clients = intOption(options, "clients", 100, 1000);
  const events = intOption(options, "events", 200, 5000);
  const rounds = intOption(options, "rounds", 2, 10);
  const perRound = Math.ceil(events / rounds);
  const pgBase = options.get("pg") ?? "postgres://postgres@127.0.0.1:5432";
  const load = loadavg()[0]!;

  const runs = new Map<LiveMode, LiveRunResult[]>(MODES.map(({ mode }) => [mode, []]));
  let allExited = true;
  for (let r = 1; r <= rounds; r++) {
    for (const { mode } of MODES) {
      console.error(`[live] round ${r}/${rounds}: ${mode} (${clients} clients, ${perRound} events)…`);
      try {
        const { result, exitedByItself } = await runChildJson<LiveRunResult>(
          `live:${mode}`,
          "bench/live-run.ts",
          [mode, `--clients=${clients}`, `--events=${perRound}`, `--pg=${pgBase}`],
          { ...process.env },
          { timeoutMs: 300_000 },
        );
        allExited &&= exitedByItself;
        runs.get(mode)!.push(result);
      } catch (err) {
        // A mode that cannot run (e.g. no Postgres) is reported as delivering nothing; the others still run.
        const reason = (err instanceof Error ? err.message : String(err)).split("\n")[0]!;
        console.error(`[live] ${mode} failed: ${reason}`);
        runs.get(mode)!.push(failedRun(mode, clients, perRound, reason));
      }
    }
  }

  const pooled = new Map(MODES.map(({ mode }) => [mode, pool(runs.get(mode)!)]));
  const base = summarize(pooled.get("baseline")!.latencies);
  const metrics: Record<string, number> = {};
  const rows: (string | number)[][] = [];
  let delivered = 0;
  let expected = 0;
  for (const { mode, prefix } of MODES) {
    const p = pooled.get(mode)!;
    delivered += p.delivered;
    expected += p.expected;
    const ratio = p.expected ? p.delivered / p.expected : 0;
    metrics[`${prefix}_delivered_ratio`] = round(ratio, 4);
    const lat = summarize(p.latencies);
    const last = summarize(p.lastClient);
    const commit = summarize(p.commit);
    const emit = summarize(p.emit);
    if (lat.n > 0) {
      Object.assign(metrics, {
        [`${prefix}_p50_ms`]: round(lat.p50),
        [`${prefix}_p99_ms`]: round(lat.p99),
        [`${prefix}_last_client_p50_ms`]: round(last.p50),
        [`${prefix}_last_client_p99_ms`]: round(last.p99),
        [`${prefix}_commit_p50_ms`]: round(commit.p50),
        [`${prefix}_emit_p50_ms`]: round(emit.p50),
      });
      if (mode !== "baseline") {
        metrics[`${prefix}_p50_ratio`] = round(lat.p50 / base.p50, 2);
        metrics[`${prefix}_p99_ratio`] = round(lat.p99 / base.p99, 2);
      }
    }
    const fmt = (v: number) => (Number.isFinite(v) ? round(v, 2) : "—");
    rows.push([
      mode,
      `${p.delivered}/${p.expected} (${(ratio * 100).toFixed(1)}%)`,
      fmt(lat.p50),
      fmt(lat.p99),
      mode === "baseline" || !lat.n ? "—" : `${fmt(lat.p50 / base.p50)}×`,
      mode === "baseline" || !lat.n ? "—" : `${fmt(lat.p99 / base.p99)}×`,
      fmt(commit.p50),
      fmt(emit.p50),
      fmt(last.p50),
      fmt(last.p99),
    ]);
  }
  const payloadBytes = pooled.get("embedded")!.payloadBytes || pooled.get("baseline")!.payloadBytes;
  Object.assign(metrics, {
    delivered_ratio: round(expected ? delivered / expected : 0, 4),
    clients,
    events_per_mode: perRound * rounds,
    rounds,
    payload_bytes: payloadBytes,
    duplicates: [...pooled.values()].reduce((s, p) => s + p.duplicates, 0),
    children_exited_cleanly: allExited ? 1 : 0,
    loadavg_1m: round(load, 2),
  });

  const table = markdownTable(
    ["mode", "delivered", "p50 ms", "p99 ms", "p50 vs baseline", "p99 vs baseline", "commit p50 ms", "emit p50 ms", "all-100 p50 ms", "all-100 p99 ms"],
    rows,
  );
  const notes = [
    `${clients} socket.io-client connections (websocket) in the publisher's process, ${perRound * rounds} events per mode`,
    `(${rounds} interleaved rounds, 20 warm-up events each, one event in flight at a time), payload ${payloadBytes} B JSON;`,
    `1-min load average at start ${load.toFixed(2)}.`,
    "Latency = client receive − publish call start, over every (client, event) pair. commit = publish start → event",
    "handed to the sink (the transaction); emit = time inside the sink call; all-100 = publish start → the last client has it.",
    "",
    ...MODES.map(({ mode }) => {
      const p = pooled.get(mode)!;
      const stop = p.stopped.length ? ` **Stopped early: ${[...new Set(p.stopped)].join("; ")}.**` : "";
      return `- ${mode}: ${p.describe}.${stop}`;
    }),
  ].join("\n");
  reportResult("live", metrics, `${table}\n\n${notes}`);
}
