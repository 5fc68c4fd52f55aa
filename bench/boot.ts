// "Fresh data dir → ready, seconds": spawn the real server (server.ts, embedded PGlite, production,
// a free port) and time spawn → GET /api/health/ready 200. Fresh = an empty temp data folder (PGlite
// initdb, all migrations, pg-boss schema, auth secret); warm (the baseline) = restart on the folder a
// fresh run left behind. Runs alternate fresh/warm so background load drifts hit both alike.
// The Next build happens once up front, outside the timing. Options: --runs=3
import { type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { intOption, parseArgs } from "./lib/args";
import { buildStaleReason, ensureBuild } from "./lib/build";
import { freePort, sleep, spawnTs, tailCollector, terminate, waitForExit } from "../tests/helpers/process";
import { embeddedServerEnv } from "../tests/helpers/server-process";
import { markdownTable, reportResult } from "./lib/results";
import { median, round } from "./lib/stats";

const READY_TIMEOUT_MS = 120_000;
const POLL_MS = 25;

type Boot = {
  /** spawn → first 200 from /api/health/ready */
  readyS: number;
  /** spawn → the server's "AIOS ready" log line (listening; the first request still loads the route) */
  listeningS: number;
  /** what server.ts itself reports (from after its env import to listening) */
  selfReportedS: number;
  /** SIGTERM → exit */
  stopS: number;
};

async function waitReady(url: string, child: ChildProcess, deadline: number, logs: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before it was ready\n${logs()}`);
    }
    try {
      const res = await fetch(`${url}/api/health/ready`, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server at ${url} not ready after ${READY_TIMEOUT_MS / 1000} s\n${logs()}`);
    await sleep(POLL_MS);
  }
}

async function bootOnce(dataDir: string): Promise<Boot> {
  // Someone may have edited sources since the last build: rebuild now, outside the timing.
  if (buildStaleReason()) ensureBuild();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ...embeddedServerEnv(port, dataDir), LOG_LEVEL: "info" };

  const started = performance.now();
  const child = spawnTs("server.ts", [], env);
  const tail = tailCollector();
  let listeningAt = Number.NaN;
  let selfReported = Number.NaN;
  let built = false;
  const onLine = (line: string) => {
    tail.push(line);
    if (/building the web app/i.test(line)) built = true;
    if (line.includes("AIOS ready")) {
      listeningAt = performance.now();
      try {
        selfReported = Number((JSON.parse(line) as { seconds?: string }).seconds);
      } catch {
        // not a JSON log line
      }
    }
  };
  createInterface({ input: child.stdout! }).on("line", onLine);
  createInterface({ input: child.stderr! }).on("line", onLine);

  try {
    await waitReady(url, child, Date.now() + READY_TIMEOUT_MS, () => tail.text().split("\n").slice(-40).join("\n"));
    const readyAt = performance.now();
    if (built) throw new Error("the server built the web app during a timed start (sources changed mid-run?)");
    const stopAt = performance.now();
    await terminate(child, 15_000);
    return {
      readyS: (readyAt - started) / 1000,
      listeningS: (listeningAt - started) / 1000,
      selfReportedS: selfReported,
      stopS: (performance.now() - stopAt) / 1000,
    };
  } finally {
    await terminate(child);
    await waitForExit(child, 5_000);
  }
}

export async function runBoot(argv: string[]): Promise<void> {
  const { options } = parseArgs(argv);
  const runs = intOption(options, "runs", 3, 10);
  ensureBuild(); // once, up front, untimed

  const fresh: Boot[] = [];
  const warm: Boot[] = [];
  const dirs: string[] = [];
  try {
    for (let i = 1; i <= runs; i++) {
      const dir = mkdtempSync(join(tmpdir(), "aios-bench-boot-"));
      dirs.push(dir);
      console.error(`[boot] run ${i}/${runs}: fresh data folder…`);
      fresh.push(await bootOnce(dir));
      console.error(`[boot]   ready in ${fresh.at(-1)!.readyS.toFixed(2)} s; restart on the same folder…`);
      warm.push(await bootOnce(dir));
      console.error(`[boot]   ready in ${warm.at(-1)!.readyS.toFixed(2)} s`);
    }
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }

  const col = (boots: Boot[], k: keyof Boot) => boots.map((b) => b[k]);
  const metrics: Record<string, number> = {
    fresh_median_s: round(median(col(fresh, "readyS"))),
    fresh_max_s: round(Math.max(...col(fresh, "readyS"))),
    warm_median_s: round(median(col(warm, "readyS"))),
    warm_max_s: round(Math.max(...col(warm, "readyS"))),
    fresh_vs_warm_ratio: round(median(col(fresh, "readyS")) / median(col(warm, "readyS")), 2),
    fresh_listening_median_s: round(median(col(fresh, "listeningS"))),
    warm_listening_median_s: round(median(col(warm, "listeningS"))),
    fresh_self_reported_median_s: round(median(col(fresh, "selfReportedS"))),
    warm_self_reported_median_s: round(median(col(warm, "selfReportedS"))),
    stop_max_s: round(Math.max(...col(fresh, "stopS"), ...col(warm, "stopS"))),
    runs,
  };

  const row = (label: string, boots: Boot[]) => {
    const ready = col(boots, "readyS");
    return [
      label,
      ready.map((v) => v.toFixed(2)).join(", "),
      round(median(ready), 2),
      round(Math.max(...ready), 2),
      round(median(col(boots, "listeningS")), 2),
      round(median(col(boots, "selfReportedS")), 1),
    ];
  };
  const table = markdownTable(
    ["start", "spawn → ready (s), each run", "median s", "max s", "spawn → listening, median s", "server.ts self-reported, median s"],
    [row("fresh data folder", fresh), row("warm (restart on existing data)", warm)],
  );
  const notes = [
    `Embedded mode, NODE_ENV=production, \`node --import tsx server.ts\` as \`npm start\` runs it (without npm's wrapper), ${runs} runs each,`,
    `fresh and warm alternating. fresh / warm (median): ${metrics.fresh_vs_warm_ratio}×.`,
    "ready = first 200 from GET /api/health/ready (polled every 25 ms); listening = the \"AIOS ready\" log line;",
    "self-reported = server.ts's own `seconds` (from after its env import to listening, so without Node/tsx start-up).",
  ].join("\n");
  reportResult("boot", metrics, `${table}\n\n${notes}`);
}
