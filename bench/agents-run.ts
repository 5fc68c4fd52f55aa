// One mode of the agents benchmark, run as its own process by bench/agents.ts (server/env.ts reads
// process.env once per process, so the modes cannot share one):
//
//   tsx --import ./scripts/register.mjs bench/agents-run.ts <baseline|embedded|server> [--projects=20]
//       [--idle=5] [--warmup=2] [--workers=2] [--concurrency=2] [--max-seconds=900]
//       [--pg=postgres://postgres@127.0.0.1:5432] [--request="Write a command-line tool that converts CSV to JSON"]
//       [--dump=/tmp/agents]   (writes each phase's events, without payload bodies, to <prefix>.<mode>.<phase>.json)
//
// Workload: copies of the offline model's plan for --request (default: the CSV → JSON command-line tool,
// 5 tasks in a chain; real files, real `node --test` in the workspace sandbox), all with the offline
// model at zero latency. Three phases per process: --warmup projects (untimed: JIT, sandbox probe,
// queue and database caches), then --idle projects one at a time (nothing else running: latency with a
// free worker slot), then --projects approved back to back (the throughput run). Timings come from the
// events the run wrote (see lib/agent-events.ts); the baseline records the same event shapes in memory.
// After the phases every project's workspace must pass `node --test` (untimed). Prints one result line.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import type { ZodType } from "zod";
import { analyzeAgentEvents, type AgentSamples, type TimedEvent } from "./lib/agent-events";
import { intOption, parseArgs } from "./lib/args";
import { emitChildResult } from "./lib/child";
import { sleep, spawnTs, tailCollector, terminate } from "../tests/helpers/process";

export const AGENT_MODES = ["baseline", "embedded", "server"] as const;
export type AgentMode = (typeof AGENT_MODES)[number];

export type PhaseResult = {
  projects: number;
  /** First approve call (or, for the baseline, the start of the phase), epoch ms. */
  startedAt: number;
  /** First approve → the last task's final status event. */
  wallMs: number;
  /** Projects still unfinished at the time limit (cancelled, then counted as such). */
  timedOut: number;
  samples: AgentSamples;
};

export type AgentsRunResult = {
  mode: AgentMode;
  describe: string;
  /** Runs that can execute at once (worker processes × pg-boss localConcurrency, or the baseline's pool). */
  slots: number;
  tasksPerProject: number;
  warmup: PhaseResult;
  idle: PhaseResult;
  load: PhaseResult;
  /** Projects whose workspace passes `node --test` after the run, of all projects built. */
  testsPassed: number;
  testsRun: number;
  setupSeconds: number;
  seconds: number;
};

type Harness = {
  describe: string;
  slots: number;
  tasksPerProject: number;
  /** Creates n draft projects (untimed). */
  createProjects(n: number): Promise<string[]>;
  /** Approves the projects one after another (returns when every approve call returned). */
  approve(ids: string[]): Promise<void>;
  /** Ids of the given projects that are settled (completed, failed, cancelled). */
  settled(ids: string[]): Promise<number>;
  cancel(ids: string[]): Promise<void>;
  events(ids: string[]): Promise<TimedEvent[]>;
  workspace(id: string): string;
  close(): Promise<void>;
};

const { positional, options } = parseArgs(process.argv.slice(2));
const mode = positional[0] as AgentMode;
const PROJECTS = intOption(options, "projects", 20, 200);
const IDLE = intOption(options, "idle", 5, 50);
const WARMUP = intOption(options, "warmup", 2, 20);
const WORKERS = intOption(options, "workers", 2, 8);
const CONCURRENCY = intOption(options, "concurrency", 2, 16); // the baseline's pool (one worker's localConcurrency)
const MAX_SECONDS = intOption(options, "max-seconds", 900, 3600); // per phase: unfinished projects are cancelled
const PG_BASE = options.get("pg") ?? "postgres://postgres@127.0.0.1:5432";
const DUMP = options.get("dump"); // file prefix: write each phase's events (without payload bodies) for a closer look
const REQUEST = options.get("request") ?? "Write a command-line tool that converts CSV to JSON";
const BENCH_DB = "aios_bench_agents";
const SECRET = "bench-secret-not-for-production-0123456789abcdef";
const POLL_MS = 200;
const dataDir = mkdtempSync(join(tmpdir(), "aios-bench-agents-"));

/** server/env.ts parses process.env at its first import: everything is set before server code loads. */
function setEnv(databaseUrl: string) {
  Object.assign(process.env, {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    NEXTAUTH_SECRET: SECRET,
    AIOS_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    AIOS_OFFLINE_MODEL_DELAY_MS: "0",
    // Every tier on the offline demo model, whatever the caller's shell has configured.
    OPENAI_API_KEY: "",
    ANTHROPIC_API_KEY: "",
    AIOS_OPENAI_COMPATIBLE_URL: "",
    AIOS_MODEL_FAST: "",
    AIOS_MODEL_STANDARD: "",
    AIOS_MODEL_DEEP: "",
  });
}

async function resetBenchDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${BENCH_DB}`);
  } finally {
    await admin.end();
  }
  return `${PG_BASE}/${BENCH_DB}`;
}

type Worker = { child: ChildProcess; logs: () => string };

/** `server.ts --role=worker` as `npm run start:worker` runs it, in its own process group; resolves when ready. */
function startWorker(index: number): Promise<Worker> {
  const child = spawnTs("server.ts", ["--role=worker"], { ...process.env, LOG_LEVEL: "info" });
  const tail = tailCollector(300);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${index} not ready after 60 s:\n${tail.text()}`)), 60_000);
    const onLine = (line: string) => {
      tail.push(line);
      if (line.includes("AIOS worker ready")) {
        clearTimeout(timer);
        resolve({ child, logs: tail.text });
      } else if (/"level":(40|50|60)/.test(line)) process.stderr.write(`[worker ${index}] ${line}\n`);
    };
    createInterface({ input: child.stdout! }).on("line", onLine);
    createInterface({ input: child.stderr! }).on("line", onLine);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`worker ${index} exited (${code ?? signal}):\n${tail.text()}`));
    });
  });
}

/** embedded: PGlite + startJobWorkers() in this process, as `npm start`; server: Postgres + worker processes. */
async function platformHarness(which: "embedded" | "server"): Promise<Harness> {
  setEnv(which === "server" ? await resetBenchDatabase() : "");
  const { db, prepareDatabase, closeDatabase } = await import("@/server/db");
  const { getBoss, stopQueue } = await import("@/server/queue");
  const { approvePlan, cancelProject, planRequest } = await import("@/server/orchestrator");
  const { ensureDefaultAgents } = await import("@/server/agents/registry");
  const { workspaceRoot } = await import("@/server/workspace");
  const { startJobWorkers, stopJobWorkers } = await import("@/server/worker");

  await prepareDatabase();
  await getBoss(); // as server.ts does at boot: the queue runs before any transaction enqueues
  const workers: Worker[] = [];
  try {
    if (which === "embedded") await startJobWorkers();
    else for (let i = 0; i < WORKERS; i++) workers.push(await startWorker(i + 1));
  } catch (err) {
    await Promise.all(workers.map((w) => terminate(w.child)));
    throw err;
  }

  const user = await db.user.create({ data: { email: "bench-owner@example.test", name: "Bench owner" } });
  const org = await db.org.create({ data: { name: "Bench", slug: "bench-agents" } });
  await db.membership.create({ data: { orgId: org.id, userId: user.id, role: "owner" } });
  await ensureDefaultAgents(org.id);
  const plan = await planRequest({ orgId: org.id, userId: user.id, request: REQUEST });
  const actor = { userId: user.id, name: "Bench owner" };
  let made = 0;

  return {
    describe:
      which === "embedded"
        ? "one process: PGlite in a temp data dir, startJobWorkers() in-process (pg-boss localConcurrency 2)"
        : `Postgres (${BENCH_DB}), ${WORKERS} × \`server.ts --role=worker\` (localConcurrency 2 each, postgresEmitterSink), this process approves`,
    slots: which === "embedded" ? 2 : WORKERS * 2,
    tasksPerProject: plan.tasks.length,
    async createProjects(n) {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const p = await db.project.create({
          data: { orgId: org.id, name: `${plan.name} ${++made}`, goal: plan.goal, status: "draft", plan, createdById: user.id },
        });
        ids.push(p.id);
      }
      return ids;
    },
    async approve(ids) {
      for (const id of ids) await approvePlan(id, actor);
    },
    settled: (ids) => db.project.count({ where: { id: { in: ids }, status: { in: ["completed", "failed", "cancelled"] } } }),
    async cancel(ids) {
      const open = await db.project.findMany({ where: { id: { in: ids }, status: { in: ["running", "paused"] } }, select: { id: true } });
      for (const p of open) await cancelProject(p.id, actor).catch(() => {});
    },
    async events(ids) {
      const rows = await db.event.findMany({
        where: { projectId: { in: ids } },
        select: { stream: true, seq: true, type: true, taskId: true, runId: true, payload: true, createdAt: true },
      });
      return rows.map((r) => ({ ...r, payload: (r.payload ?? {}) as Record<string, unknown>, at: r.createdAt.getTime() }));
    },
    workspace: (id) => workspaceRoot(id),
    async close() {
      if (which === "embedded") stopJobWorkers();
      await Promise.all(workers.map((w) => terminate(w.child, 15_000)));
      await stopQueue();
      await closeDatabase();
    },
  };
}

/**
 * The baseline: the same agent loop with no platform around it. The offline model through the AI SDK
 * (generateText, one step, the same system prompt, brief, tools and messages as the runner), the same
 * tools through executeTool under the same workspace lock, ensureWorkspace at each task's start and
 * commitAll at its end, and an in-memory scheduler with --concurrency slots. No database, no queue, no
 * events written, no heartbeats: what the platform adds is everything else.
 */
async function baselineHarness(): Promise<Harness> {
  setEnv("");
  const { generateText, stepCountIs, tool } = await import("ai");
  type Messages = Parameters<typeof generateText>[0]["messages"] & object;
  const { AGENT_TOOLS } = await import("@/lib/agent-tools");
  const { resolveModel } = await import("@/server/llm");
  const { planFor } = await import("@/server/llm/offline/planner");
  const { DEFAULT_TEAM } = await import("@/server/agents/team");
  const { systemPrompt, taskBrief } = await import("@/server/agents/prompt");
  const { executeTool } = await import("@/server/agents/tools/execute");
  const { withWorkspaceLock } = await import("@/server/agents/workspace-lock");
  const { MAX_STEPS } = await import("@/server/agents/runner");
  const { commitAll, ensureWorkspace, workspaceRoot } = await import("@/server/workspace");

  const plan = planFor(REQUEST);
  const goal = plan.goal;
  type BTask = { id: string; projectId: string; def: (typeof plan.tasks)[number]; status: "pending" | "queued" | "running" | "succeeded" | "failed" };
  const tasks = new Map<string, BTask[]>(); // by project
  const events = new Map<string, TimedEvent[]>(); // by project
  const ready: BTask[] = [];
  let seq = 0;
  let active = 0;
  let made = 0;
  const now = () => performance.timeOrigin + performance.now();
  const record = (t: BTask, type: string, payload: Record<string, unknown>, runId: string | null = t.id) => {
    events.get(t.projectId)!.push({ stream: t.projectId, seq: ++seq, type, taskId: t.id, runId, at: now(), payload });
  };
  const setStatus = (t: BTask, status: BTask["status"]) => {
    t.status = status;
    record(t, "task.status", { status }, status === "queued" ? null : t.id);
  };

  async function runTask(t: BTask): Promise<boolean> {
    const agent = DEFAULT_TEAM.find((a) => a.role === t.def.role)!;
    const root = await ensureWorkspace(t.projectId);
    setStatus(t, "running");
    const model = resolveModel(agent.modelTier).model;
    const tools = Object.fromEntries(agent.tools.map((n) => [n, tool({ description: AGENT_TOOLS[n].description, inputSchema: AGENT_TOOLS[n].input as ZodType })]));
    const system = systemPrompt({ role: agent.role, instructions: agent.instructions }, { key: t.def.key, attempt: 1 });
    const messages: Messages = [
      { role: "user", content: taskBrief({ goal, name: plan.name }, { title: t.def.title, description: t.def.description, acceptanceCriteria: t.def.acceptanceCriteria, feedback: [] }) },
    ];
    const signal = new AbortController().signal;
    for (let step = 1; step <= MAX_STEPS; step++) {
      const started = performance.now();
      const res = await generateText({
        model,
        system,
        messages,
        tools,
        stopWhen: stepCountIs(1),
        providerOptions: { aios: { purpose: "agent", tier: agent.modelTier } },
      });
      record(t, "llm.call", { purpose: "agent", latencyMs: performance.now() - started });
      messages.push(...res.response.messages);
      const calls = res.toolCalls.filter((c) => !c.invalid);
      if (calls.length === 0) {
        messages.push({ role: "user", content: "Continue with a tool call. When the task is done, call finish with a summary." });
        continue;
      }
      for (const call of calls) {
        const t0 = performance.now();
        const outcome = await withWorkspaceLock(root, () =>
          executeTool(call.toolName, call.input, agent.tools, { root, requireCommandApproval: false, approvedCommands: new Set(), signal }),
        );
        record(t, "agent.tool_result", { step, tool: call.toolName, ok: outcome.ok, durationMs: performance.now() - t0 });
        messages.push({
          role: "tool",
          content: [{ type: "tool-result", toolCallId: call.toolCallId, toolName: call.toolName, output: { type: outcome.ok ? "text" : "error-text", value: outcome.output } }],
        });
        if (outcome.control?.kind === "finish") {
          const summary = outcome.control.summary;
          await withWorkspaceLock(root, () =>
            commitAll(root, {
              message: `${t.def.title} [${t.def.key}]\n\n${summary}`,
              authorName: `${agent.name} (AIOS ${agent.role})`,
              authorEmail: `${agent.role}@agents.aios.local`,
              idempotencyKey: t.id,
            }),
          );
          return true;
        }
        if (outcome.control) return false; // hand-offs and questions need the platform: not part of this workload
      }
    }
    return false;
  }

  const pump = () => {
    while (active < CONCURRENCY && ready.length) {
      const t = ready.shift()!;
      active++;
      void runTask(t)
        .catch((err: unknown) => {
          process.stderr.write(`baseline task ${t.def.key} failed: ${err instanceof Error ? err.message : String(err)}\n`);
          return false;
        })
        .then((ok) => {
          active--;
          setStatus(t, ok ? "succeeded" : "failed");
          if (ok) {
            const siblings = tasks.get(t.projectId)!;
            for (const n of siblings) {
              if (n.status === "pending" && n.def.dependsOn.every((d) => siblings.find((s) => s.def.key === d)?.status === "succeeded")) {
                setStatus(n, "queued");
                ready.push(n);
              }
            }
          }
          pump();
        });
    }
  };
  const projectSettled = (id: string) => {
    const list = tasks.get(id)!;
    return !list.some((t) => t.status === "queued" || t.status === "running") && (list.every((t) => t.status === "succeeded") || list.some((t) => t.status === "failed"));
  };

  return {
    describe: `no platform: offline model via generateText + executeTool + ensureWorkspace/commitAll, in-memory scheduler with ${CONCURRENCY} slots`,
    slots: CONCURRENCY,
    tasksPerProject: plan.tasks.length,
    async createProjects(n) {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const id = `baseline-${++made}`;
        tasks.set(id, plan.tasks.map((def) => ({ id: `${id}-${def.key}`, projectId: id, def, status: "pending" })));
        events.set(id, []);
        ids.push(id);
      }
      return ids;
    },
    async approve(ids) {
      for (const id of ids) {
        for (const t of tasks.get(id)!) {
          if (t.def.dependsOn.length === 0) {
            setStatus(t, "queued");
            ready.push(t);
          }
        }
        pump();
      }
    },
    settled: async (ids) => ids.filter(projectSettled).length,
    async cancel(ids) {
      for (const id of ids) for (const t of tasks.get(id)!) if (t.status === "pending" || t.status === "queued") t.status = "failed";
      ready.length = 0;
      const end = Date.now() + 60_000;
      while (active > 0 && Date.now() < end) await sleep(100);
    },
    events: async (ids) => ids.flatMap((id) => events.get(id) ?? []),
    workspace: (id) => workspaceRoot(id),
    close: async () => {},
  };
}

const built: string[] = []; // every project of every phase, for the final `node --test` check

async function phase(h: Harness, label: "warmup" | "idle" | "load", n: number): Promise<PhaseResult> {
  const oneAtATime = label === "idle";
  const ids = await h.createProjects(n);
  built.push(...ids);
  const deadline = Date.now() + MAX_SECONDS * 1000;
  const waitFor = async (group: string[]) => {
    while ((await h.settled(group)) < group.length) {
      if (Date.now() > deadline) return false;
      await sleep(POLL_MS);
    }
    return true;
  };
  const startedAt = Date.now();
  let finished = true;
  if (oneAtATime) {
    for (const id of ids) {
      await h.approve([id]);
      if (!(await waitFor([id]))) {
        finished = false;
        break;
      }
    }
  } else {
    await h.approve(ids);
    finished = await waitFor(ids);
  }
  let timedOut = 0;
  const stoppedAt = Date.now();
  if (!finished) {
    timedOut = n - (await h.settled(ids));
    console.error(`[agents] time limit (${MAX_SECONDS} s): cancelling ${timedOut} unfinished project(s)`);
    await h.cancel(ids);
  }
  const events = await h.events(ids);
  if (DUMP) writeFileSync(`${DUMP}.${mode}.${label}.json`, JSON.stringify(events.map(({ payload, ...e }) => ({ ...e, status: payload.status, step: payload.step, tool: payload.tool, latencyMs: payload.latencyMs, durationMs: payload.durationMs }))));
  const samples = analyzeAgentEvents(events, h.slots);
  // Wall time ends at the last task's final status; a phase cut short by the time limit ends at the limit.
  const wallMs = finished && Number.isFinite(samples.lastSettledAt) ? samples.lastSettledAt - startedAt : stoppedAt - startedAt;
  return { projects: n, startedAt, wallMs, timedOut, samples };
}

async function main(): Promise<AgentsRunResult> {
  if (!AGENT_MODES.includes(mode)) throw new Error(`unknown mode "${mode}": one of ${AGENT_MODES.join(", ")}`);
  const began = performance.now();
  const h = await (mode === "baseline" ? baselineHarness() : platformHarness(mode)).catch((err: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  const setupSeconds = (performance.now() - began) / 1000;
  try {
    console.error(`[agents:${mode}] warm-up: ${WARMUP} project(s)…`);
    const warmup = await phase(h, "warmup", WARMUP);
    console.error(`[agents:${mode}] idle: ${IDLE} project(s), one at a time…`);
    const idle = await phase(h, "idle", IDLE);
    console.error(`[agents:${mode}] load: ${PROJECTS} project(s) × ${h.tasksPerProject} tasks, approved back to back…`);
    const load = await phase(h, "load", PROJECTS);
    console.error(`[agents:${mode}] load done in ${(load.wallMs / 1000).toFixed(1)} s; running node --test in every workspace…`);

    const { runCommand } = await import("@/server/workspace");
    let testsPassed = 0;
    for (const id of built) {
      const r = await runCommand(h.workspace(id), "node --test", { timeoutMs: 120_000 }).catch(() => null);
      if (r?.exitCode === 0) testsPassed++;
    }
    return {
      mode,
      describe: h.describe,
      slots: h.slots,
      tasksPerProject: h.tasksPerProject,
      warmup,
      idle,
      load,
      testsPassed,
      testsRun: built.length,
      setupSeconds,
      seconds: (performance.now() - began) / 1000,
    };
  } finally {
    await h.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main().then(emitChildResult, (err: unknown) => {
  // Exit now: a half-started harness may hold database connections that would keep the process alive.
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
