// `npm run eval -- [--provider URL --model ID [--api-key KEY]] [--tasks a,b] [--repeat k] [--timeout s]`
//
// Runs the fixed suite in eval/suite/ through AIOS booted in this process (PGlite in a temp data dir,
// the real queue and workers), one fresh org per task run, and judges every finished workspace with the
// harness's own acceptance tests in the sandbox. Writes eval/results/<timestamp>.{json,md} and
// eval/results/latest.{json,md}. See eval/README.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { judge, type Verdict } from "./lib/acceptance";
import { parseEvalArgs, USAGE, UsageError, type EvalOptions } from "./lib/args";
import { driveTask } from "./lib/drive";
import { measureOrg, REPAIR_EVENT, STOPPED_EVENT, taskProblems, WARNING_EVENT } from "./lib/measure";
import { bootPlatform, setEvalEnv, type ModelChoice } from "./lib/platform";
import { STAND_IN_MODEL, startStandIn, routeTiersTo, type StandInKind } from "./lib/stand-in";
import { loadSuite, type SuiteTask } from "./lib/suite";
import { buildReport, renderMarkdown, type TaskRun } from "./report";

const DEFAULT_RESULTS_DIR = join(import.meta.dirname, "results");

function options(suite: SuiteTask[]): EvalOptions {
  try {
    return parseEvalArgs(process.argv.slice(2), suite.map((t) => t.id));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`npm run eval: ${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const suite = loadSuite();
  const opts = options(suite);
  if (opts.help) {
    console.log(`${USAGE}\n\nTasks: ${suite.map((t) => `${t.id} (${t.kind})`).join(", ")}`);
    return;
  }
  const selected = opts.tasks ? suite.filter((t) => opts.tasks!.includes(t.id)) : suite;
  const choice: ModelChoice = opts.provider ? { provider: opts.provider, model: opts.model!, apiKey: opts.apiKey } : null;
  const dataDir = setEvalEnv(choice);
  const platform = await bootPlatform(dataDir);
  const status = platform.models();
  const models = opts.standIn
    ? `loopback stand-in "${opts.standIn}" (an OpenAI-compatible server on 127.0.0.1 answered by the offline model${opts.standIn === "imperfect" ? " with real models' slips" : ""}; compatible:${STAND_IN_MODEL} on every tier)`
    : choice
    ? `${choice.model} at ${choice.provider} (every tier)`
    : status.offline
      ? "offline demo model (aios-offline-1, every tier)"
      : Object.entries(status.tiers).map(([tier, m]) => `${tier}: ${m.provider}:${m.modelId}`).join(", ");
  console.error(`[eval] ${selected.length} task(s) × ${opts.repeat} run(s) on ${models}; data in ${dataDir}`);

  const runs: TaskRun[] = [];
  const slips = new Map<string, number>();
  try {
    for (let attempt = 1; attempt <= opts.repeat; attempt++) {
      for (const task of selected) {
        const label = `${task.id}${opts.repeat > 1 ? ` (run ${attempt}/${opts.repeat})` : ""}`;
        console.error(`[eval] ${label}: ${task.kind}…`);
        runs.push(await runOnce(platform, task, attempt, opts.timeoutSeconds, opts.standIn, slips));
        const r = runs.at(-1)!;
        const tests = r.acceptance.tests ? `${r.acceptance.tests - r.acceptance.failed}/${r.acceptance.tests} acceptance tests` : "no acceptance tests ran";
        console.error(`[eval] ${label}: ${r.passed ? "PASS" : "FAIL"} · project ${r.status} · ${tests} · ${(r.wallMs / 1000).toFixed(1)} s${r.problem ? ` · ${r.problem}` : ""}`);
      }
    }
  } finally {
    await platform.close();
  }

  const { EVENT_CATALOG } = await import("@/lib/events");
  const missing = [REPAIR_EVENT, WARNING_EVENT, STOPPED_EVENT].filter((type) => !Object.hasOwn(EVENT_CATALOG, type));
  const notes = [
    "Pass = the harness's acceptance tests (eval/suite/<task>/acceptance, never shown to the agents) pass on a fresh clone of the finished workspace, run by `node --test` in the workspace sandbox. The agents' own tests are not run.",
    "Time = first chat message → the project settles (acceptance excluded). Steps = Σ Run.steps. Cost, tokens and cache hits = the task run's own org's LlmCall rows (intake, planning and agent steps; failed attempts included).",
    "change-request runs include building the earlier project first; bug-fix runs start from a seed repository committed to the workspace before approval.",
    `Repairs = \`${REPAIR_EVENT}\` events + the plans' \`repairs\` (what AIOS fixed in a model's plan); warnings = \`${WARNING_EVENT}\` events (the model told it repeats itself or keeps failing); stuck stops = \`${STOPPED_EVENT}\` events (stuck or out of mistakes). ` +
      (missing.length === 0
        ? "All these event types are in the event catalog."
        : `Not in the event catalog at this commit (${missing.join(", ")}): counted 0 until the agent loop records them.`),
    ...(opts.standIn === "imperfect"
      ? [`Slips the imperfect stand-in made (all runs): ${[...slips].map(([k, n]) => `${k} ${n}`).join(", ") || "none"}.`]
      : []),
    ...(status.offline && !choice && !opts.standIn
      ? ["The offline demo model builds its three demos from templates; any other request gets its generic template, which is not expected to meet these acceptance tests."]
      : []),
  ];
  const tokens = runs.reduce((n, r) => n + r.usage.byRoleModel.reduce((m, x) => m + x.tokensIn + x.tokensOut, 0), 0);
  const micro = runs.reduce((n, r) => n + r.usage.byRoleModel.reduce((m, x) => m + x.costMicroUsd, 0), 0);
  if (choice && tokens > 0 && micro === 0) {
    notes.push(`AIOS has no price for ${choice.model}, so its cost shows as $0; tokens are exact (price = tokens × the provider's rates).`);
  }
  const date = new Date().toISOString();
  const report = buildReport(runs, { date, models, repeat: opts.repeat, machine: { cpus: availableParallelism(), node: process.version }, notes });
  const md = renderMarkdown(report);
  const dir = opts.out ? resolve(opts.out) : DEFAULT_RESULTS_DIR;
  mkdirSync(dir, { recursive: true });
  const stamp = date.replace(/[:.]/g, "-");
  for (const name of [stamp, "latest"]) {
    writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(dir, `${name}.md`), md);
  }
  console.log(md);
  console.error(`[eval] wrote ${dir}/${stamp}.{json,md} and ${dir}/latest.{json,md}`);
}

async function runOnce(
  platform: Awaited<ReturnType<typeof bootPlatform>>,
  task: SuiteTask,
  attempt: number,
  timeoutSeconds: number,
  standInKind: StandInKind | null,
  slips: Map<string, number>,
): Promise<TaskRun> {
  const who = await platform.newOrg(task.id);
  const standIn = standInKind ? await startStandIn(standInKind) : null;
  if (standIn) await routeTiersTo(standIn.url);
  const outcome = await driveTask(task, who, Date.now() + timeoutSeconds * 1000).finally(async () => {
    if (!standIn) return;
    for (const kind of standIn.slips()) slips.set(kind, (slips.get(kind) ?? 0) + 1);
    await routeTiersTo(null);
    await standIn.close();
  });
  let verdict: Verdict = { passed: false, tests: 0, failed: 0, failures: [], durationMs: 0 };
  if (outcome.projectId) {
    const { workspaceRoot } = await import("@/server/workspace");
    verdict = await judge(task, workspaceRoot(outcome.projectId), join(platform.dataDir, "acceptance"));
  }
  return {
    taskId: task.id,
    kind: task.kind,
    attempt,
    passed: verdict.passed,
    status: outcome.status,
    problem: outcome.problem,
    wallMs: outcome.wallMs,
    acceptance: { tests: verdict.tests, failed: verdict.failed, failures: verdict.failures },
    taskProblems: await taskProblems(who.orgId),
    usage: await measureOrg(who.orgId),
  };
}

await main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`[eval] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
