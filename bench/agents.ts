// "Agents at zero model latency": tasks per hour, platform overhead per agent step, and ready → first
// event of a task, with the offline demo model (AIOS_OFFLINE_MODEL_DELAY_MS=0) doing real work through
// real tools (files, git, `node --test` in the sandbox). Modes, each its own child process
// (bench/agents-run.ts; server/env.ts parses the environment once per process):
//   baseline  the same agent loop, model, tools and commits with no platform (no DB, queue, events)
//   embedded  one process: PGlite + startJobWorkers() in-process, as `npm start`
//   server    Postgres + 2 × `server.ts --role=worker`, this benchmark's child approving the plans
// Targets from the user: "agent response under 1 s" and "1000 tasks per hour"; ratios are reported.
// Each platform mode is compared with a baseline of the same slot count (embedded: 2, server: workers × 2).
// Options: --projects=20 --idle=5 --warmup=2 --workers=2 --max-seconds=900
//          --pg=postgres://postgres@127.0.0.1:5432 --request="…" --dump=/tmp/agents (events per mode and phase)
import { loadavg } from "node:os";
import type { AgentMode, AgentsRunResult } from "./agents-run";
import type { AgentSamples } from "./lib/agent-events";
import { intOption, parseArgs } from "./lib/args";
import { runChildJson } from "./lib/child";
import { markdownTable, reportResult } from "./lib/results";
import { round, summarize } from "./lib/stats";

/** One child run: a metric prefix, the mode, and for baselines the slot count of the mode they stand beside. */
type Run = { key: string; mode: AgentMode; label: string; slots?: number; baselineOf?: string };
const EMBEDDED_SLOTS = 2; // startJobWorkers(): pg-boss localConcurrency 2 in one process

function runsFor(workers: number): Run[] {
  const serverSlots = workers * 2;
  const wide = serverSlots !== EMBEDDED_SLOTS;
  return [
    { key: "baseline", mode: "baseline", label: `baseline (${EMBEDDED_SLOTS} slots)`, slots: EMBEDDED_SLOTS },
    { key: "embedded", mode: "embedded", label: "embedded", baselineOf: "baseline" },
    ...(wide ? [{ key: "baseline_wide", mode: "baseline" as const, label: `baseline (${serverSlots} slots)`, slots: serverSlots }] : []),
    { key: "server", mode: "server", label: "server", baselineOf: wide ? "baseline_wide" : "baseline" },
  ];
}
const TARGET_TASKS_PER_HOUR = 1000;
const TARGET_RESPONSE_MS = 1000;

const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);
const p = (values: readonly number[], which: "p50" | "p99") => summarize(values)[which];
const pct = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : "–");

/** Where the runs' time went: the model, the tools, and the platform (start + between steps + settle). */
function breakdown(s: AgentSamples) {
  const model = sum(s.modelMs);
  const tools = sum(s.toolMs);
  const platform = sum(s.startOverhead) + sum(s.stepOverhead) + sum(s.settleOverhead);
  return { model, tools, platform, total: model + tools + platform };
}

export async function runAgents(argv: string[]): Promise<void> {
  const { options } = parseArgs(argv);
  const projects = intOption(options, "projects", 20, 200);
  const idle = intOption(options, "idle", 5, 50);
  const warmup = intOption(options, "warmup", 2, 20);
  const workers = intOption(options, "workers", 2, 8);
  const maxSeconds = intOption(options, "max-seconds", 900, 3600);
  const pgBase = options.get("pg") ?? "postgres://postgres@127.0.0.1:5432";
  const request = options.get("request") ?? "Write a command-line tool that converts CSV to JSON";
  const load = loadavg()[0]!;

  const runs = runsFor(workers);
  const results = new Map<string, AgentsRunResult>();
  const failures = new Map<string, string>();
  let allExited = true;
  for (const { key, mode, label, slots } of runs) {
    console.error(`[agents] ${label}: ${warmup} warm-up, ${idle} idle, ${projects} load project(s)…`);
    try {
      const { result, exitedByItself } = await runChildJson<AgentsRunResult>(
        `agents:${key}`,
        "bench/agents-run.ts",
        [
          mode,
          `--projects=${projects}`,
          `--idle=${idle}`,
          `--warmup=${warmup}`,
          `--workers=${workers}`,
          `--concurrency=${slots ?? EMBEDDED_SLOTS}`,
          `--max-seconds=${maxSeconds}`,
          `--pg=${pgBase}`,
          `--request=${request}`,
          ...(options.has("dump") ? [`--dump=${options.get("dump")}.${key}`] : []),
        ],
        { ...process.env },
        // Three phases, each bounded by --max-seconds, plus set-up and the final test runs.
        { timeoutMs: (3 * maxSeconds + 300) * 1000, exitGraceMs: 30_000 },
      );
      allExited &&= exitedByItself;
      results.set(key, result);
    } catch (err) {
      // A mode that cannot run (e.g. no Postgres) is reported as such; the others still run.
      const reason = (err instanceof Error ? err.message : String(err)).split("\n")[0]!;
      console.error(`[agents] ${label} failed: ${reason}`);
      failures.set(key, reason);
    }
  }

  const metrics: Record<string, number> = {};
  const mainRows: (string | number)[][] = [];
  const latencyRows: (string | number)[][] = [];
  const whereRows: (string | number)[][] = [];
  const tphOf = (key: string | undefined) => {
    const r = key ? results.get(key) : undefined;
    return r ? (r.load.samples.succeeded / r.load.wallMs) * 3_600_000 : Number.NaN;
  };
  let tasksTotal = 0;
  let tasksOk = 0;
  let testsPassed = 0;
  let testsRun = 0;
  for (const { key: mode, label, baselineOf } of runs) {
    const r = results.get(mode);
    if (!r) {
      mainRows.push([label, `did not run: ${failures.get(mode)}`, "", "", "", "", "", "", ""]);
      continue;
    }
    const baselineTph = tphOf(baselineOf);
    const s = r.load.samples;
    const idleS = r.idle.samples;
    const tph = (s.succeeded / r.load.wallMs) * 3_600_000;
    const planned = r.load.projects * r.tasksPerProject; // tasks of projects never approved (time limit) count as not succeeded
    const step = summarize(s.stepOverhead);
    const ready = summarize(s.readyToFirstEvent);
    const idleReady = summarize(idleS.readyToFirstEvent);
    const idleStep = summarize(idleS.stepOverhead);
    const b = breakdown(s);
    for (const phase of [r.warmup, r.idle, r.load]) {
      tasksTotal += phase.projects * r.tasksPerProject;
      tasksOk += phase.samples.succeeded;
    }
    testsPassed += r.testsPassed;
    testsRun += r.testsRun;
    Object.assign(metrics, {
      [`${mode}_tasks`]: planned,
      [`${mode}_tasks_succeeded`]: s.succeeded,
      [`${mode}_tasks_not_succeeded`]: planned - s.succeeded,
      [`${mode}_projects_timed_out`]: r.warmup.timedOut + r.idle.timedOut + r.load.timedOut,
      [`${mode}_slots`]: r.slots,
      [`${mode}_wall_s`]: round(r.load.wallMs / 1000),
      [`${mode}_tasks_per_hour`]: round(tph, 0),
      [`${mode}_tasks_per_hour_vs_target`]: round(tph / TARGET_TASKS_PER_HOUR, 2),
      [`${mode}_steps`]: s.modelCalls,
      [`${mode}_step_overhead_p50_ms`]: round(step.p50, 2),
      [`${mode}_step_overhead_p99_ms`]: round(step.p99, 2),
      [`${mode}_ready_to_first_event_p50_ms`]: round(ready.p50, 1),
      [`${mode}_ready_to_first_event_p99_ms`]: round(ready.p99, 1),
      [`${mode}_first_event_vs_1s`]: round(TARGET_RESPONSE_MS / ready.p99, 2),
      [`${mode}_idle_ready_to_first_event_p50_ms`]: round(idleReady.p50, 1),
      [`${mode}_idle_ready_to_first_event_p99_ms`]: round(idleReady.p99, 1),
      [`${mode}_idle_first_event_vs_1s`]: round(TARGET_RESPONSE_MS / idleReady.p99, 2),
      [`${mode}_idle_step_overhead_p50_ms`]: round(idleStep.p50, 2),
      [`${mode}_idle_step_overhead_p99_ms`]: round(idleStep.p99, 2),
      [`${mode}_start_overhead_p50_ms`]: round(p(s.startOverhead, "p50"), 1),
      [`${mode}_settle_overhead_p50_ms`]: round(p(s.settleOverhead, "p50"), 1),
      [`${mode}_model_p50_ms`]: round(p(s.modelMs, "p50"), 2),
      [`${mode}_tool_p50_ms`]: round(p(s.toolMs, "p50"), 2),
      [`${mode}_command_p50_ms`]: round(p(s.commandMs, "p50"), 1),
      [`${mode}_task_p50_ms`]: round(p(s.taskMs, "p50"), 1),
      [`${mode}_platform_share`]: round(b.total ? b.platform / b.total : Number.NaN, 3),
      [`${mode}_starved_slot_s`]: round(s.starvedSlotMs / 1000, 1),
      [`${mode}_starved_slot_share`]: round(s.starvedSlotMs / (r.slots * r.load.wallMs), 3),
      [`${mode}_projects_tests_pass`]: r.testsPassed,
    });
    if (baselineOf) metrics[`${mode}_tasks_per_hour_vs_baseline`] = round(tph / baselineTph, 3);

    mainRows.push([
      label,
      r.slots,
      `${s.succeeded}/${planned}`,
      round(r.load.wallMs / 1000, 1),
      round(tph, 0),
      `${round(tph / TARGET_TASKS_PER_HOUR, 1)}×`,
      baselineOf ? round(tph / baselineTph, 2) : "–",
      `${round(step.p50, 1)} / ${round(step.p99, 1)}`,
      `${round(idleStep.p50, 1)} / ${round(idleStep.p99, 1)}`,
    ]);
    latencyRows.push([
      label,
      `${round(idleReady.p50, 0)} / ${round(idleReady.p99, 0)}`,
      `${round(TARGET_RESPONSE_MS / idleReady.p99, 1)}×`,
      `${round(ready.p50, 0)} / ${round(ready.p99, 0)}`,
      `${round(TARGET_RESPONSE_MS / ready.p99, 2)}×`,
      round(p(s.taskMs, "p50"), 0),
    ]);
    whereRows.push([
      label,
      s.modelCalls,
      `${round(b.model / 1000, 2)} s (${pct(b.model, b.total)})`,
      `${round(b.tools / 1000, 2)} s (${pct(b.tools, b.total)})`,
      `${round(b.platform / 1000, 2)} s (${pct(b.platform, b.total)})`,
      round(p(s.modelMs, "p50"), 1),
      `${round(p(s.commandMs, "p50"), 0)} (${s.commandMs.length})`,
      round(p(s.startOverhead, "p50"), 1),
      round(p(s.settleOverhead, "p50"), 1),
      `${round(s.starvedSlotMs / 1000, 1)} s (${pct(s.starvedSlotMs, r.slots * r.load.wallMs)})`,
    ]);
  }
  Object.assign(metrics, {
    projects: projects,
    idle_projects: idle,
    warmup_projects: warmup,
    tasks_all_phases: tasksTotal,
    tasks_all_phases_succeeded: tasksOk,
    projects_tests_pass: testsPassed,
    projects_built: testsRun,
    modes_failed: failures.size,
    children_exited_cleanly: allExited ? 1 : 0,
    loadavg_1m: round(load, 2),
  });

  const tpp = [...results.values()][0]?.tasksPerProject ?? 0;
  const tables = [
    markdownTable(
      ["mode", "slots", "tasks ok", "wall s", "tasks/h", "vs 1000/h", "vs baseline (same slots)", "step overhead p50 / p99 ms (load)", "step overhead p50 / p99 ms (idle)"],
      mainRows,
    ),
    markdownTable(
      ["mode", "ready → first event p50 / p99 ms (idle)", "1 s ÷ idle p99", "ready → first event p50 / p99 ms (load)", "1 s ÷ load p99", "task queued → settled p50 ms (load)"],
      latencyRows,
    ),
    markdownTable(
      ["mode (load)", "model calls", "Σ model", "Σ tools", "Σ platform", "model p50 ms", "run_command p50 ms (n)", "run start p50 ms", "settle p50 ms", "slot idle while work waited"],
      whereRows,
    ),
  ];
  const notes = [
    `Workload: ${projects} copies of the offline model's plan for "${request}" (${tpp} tasks each, a dependency chain; real files,`,
    `git commits and \`node --test\` in the workspace sandbox), approved back to back (load); before that ${warmup} warm-up project(s)`,
    `(untimed) and ${idle} project(s) one at a time (idle: a worker slot is always free). Offline model, AIOS_OFFLINE_MODEL_DELAY_MS=0.`,
    `Tasks that succeeded in all phases and modes: ${tasksOk}/${tasksTotal}; projects whose workspace passes \`node --test\` afterwards: ${testsPassed}/${testsRun}.`,
    `Modes run one after another on the same machine; 1-min load average at start ${load.toFixed(2)}.`,
    "",
    "tasks/h = tasks succeeded ÷ (first approve → last task's final status event) × 3600. Step overhead (per step k ≥ 2 of a run) =",
    "t(llm.call k) − t(llm.call k−1) − latencyMs(k) − Σ durationMs(tool results of step k−1): the loop's time outside the model",
    "and the tools (events, transactions, prompt building). Ready → first event = task.status queued → the task's next",
    "task.status running / agent.* event; under load it includes waiting for a free slot. Σ columns: every run's time split into",
    "model (llm.call latencyMs), tools (tool_result durationMs) and platform (run start + step overheads + settle). Slot idle",
    "while work waited = ∫ min(queued tasks not yet running, free slots) dt, as a share of slots × wall time.",
    "",
    ...runs.map((r) => `- ${r.label}: ${results.get(r.key)?.describe ?? `did not run (${failures.get(r.key)})`}.`),
  ].join("\n");
  reportResult("agents", metrics, `${tables.join("\n\n")}\n\n${notes}`);
}
