// The eval's arithmetic and its Markdown, as pure functions (eval/report.test.ts checks them).
//
// pass@1  per task: the share of its runs that passed on the first (only) try; overall: the mean over tasks.
// pass^k  per task: 1 when all k runs passed, else 0; overall: the share of tasks whose k runs all passed.
// With --repeat 1 both are the plain pass rate.

export type RoleModelUsage = {
  role: string;
  /** provider:model */
  model: string;
  calls: number;
  failedCalls: number;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  costMicroUsd: number;
  cacheHits: number;
};

export type Usage = {
  llmCalls: number;
  runs: number;
  steps: number;
  repairs: number;
  warnings: number;
  stuckStops: number;
  byRoleModel: RoleModelUsage[];
};

export type TaskRun = {
  taskId: string;
  kind: string;
  /** 1-based repeat index. */
  attempt: number;
  passed: boolean;
  /** The project's status when the harness stopped waiting. */
  status: string;
  /** Why the run never got to a finished project, if it did not. */
  problem: string | null;
  wallMs: number;
  acceptance: { tests: number; failed: number; failures: string[] };
  /** Tasks that ended failed or needing attention, with AIOS's reason. */
  taskProblems?: string[];
  usage: Usage;
};

export type TaskSummary = {
  taskId: string;
  kind: string;
  runs: number;
  passes: number;
  passAt1: number;
  passHatK: number;
  meanCostUsd: number;
  meanSeconds: number;
  meanSteps: number;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  llmCalls: number;
  cacheHitShare: number;
  repairs: number;
  /** Warnings the run gave the model (agent.warning: repeating itself, mistakes) before any stop. */
  warnings: number;
  stuckStops: number;
  statuses: string[];
};

export type EvalReport = {
  date: string;
  models: string;
  repeat: number;
  machine: { cpus: number; node: string };
  overall: Omit<TaskSummary, "taskId" | "kind" | "statuses" | "passes"> & { tasks: number; tasksAllPassed: number; totalCostUsd: number };
  tasks: TaskSummary[];
  byRoleModel: (RoleModelUsage & { costUsd: number; cacheHitShare: number })[];
  runs: TaskRun[];
  notes: string[];
};

const mean = (values: number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0);
const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
const usd = (micro: number) => micro / 1e6;
const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

export function passAt1(results: boolean[]): number {
  return mean(results.map((p) => (p ? 1 : 0)));
}

export function passHatK(results: boolean[]): number {
  return results.length > 0 && results.every(Boolean) ? 1 : 0;
}

function costOf(u: Usage): number {
  return sum(u.byRoleModel.map((r) => r.costMicroUsd));
}

export function summarizeTask(runs: TaskRun[]): TaskSummary {
  const first = runs[0]!;
  const rows = runs.flatMap((r) => r.usage.byRoleModel);
  const calls = sum(runs.map((r) => r.usage.llmCalls));
  return {
    taskId: first.taskId,
    kind: first.kind,
    runs: runs.length,
    passes: runs.filter((r) => r.passed).length,
    passAt1: passAt1(runs.map((r) => r.passed)),
    passHatK: passHatK(runs.map((r) => r.passed)),
    meanCostUsd: usd(mean(runs.map((r) => costOf(r.usage)))),
    meanSeconds: mean(runs.map((r) => r.wallMs / 1000)),
    meanSteps: mean(runs.map((r) => r.usage.steps)),
    tokensIn: sum(rows.map((r) => r.tokensIn)),
    tokensOut: sum(rows.map((r) => r.tokensOut)),
    tokensCached: sum(rows.map((r) => r.tokensCached)),
    llmCalls: calls,
    cacheHitShare: share(sum(rows.map((r) => r.cacheHits)), calls),
    repairs: sum(runs.map((r) => r.usage.repairs)),
    warnings: sum(runs.map((r) => r.usage.warnings)),
    stuckStops: sum(runs.map((r) => r.usage.stuckStops)),
    statuses: runs.map((r) => r.status),
  };
}

export function buildReport(runs: TaskRun[], meta: { date: string; models: string; repeat: number; machine: EvalReport["machine"]; notes: string[] }): EvalReport {
  const order = [...new Set(runs.map((r) => r.taskId))];
  const tasks = order.map((id) => summarizeTask(runs.filter((r) => r.taskId === id)));
  const merged = new Map<string, RoleModelUsage>();
  for (const row of runs.flatMap((r) => r.usage.byRoleModel)) {
    const key = `${row.role}\u0000${row.model}`;
    const m = merged.get(key) ?? { ...row, calls: 0, failedCalls: 0, tokensIn: 0, tokensOut: 0, tokensCached: 0, costMicroUsd: 0, cacheHits: 0 };
    m.calls += row.calls;
    m.failedCalls += row.failedCalls;
    m.tokensIn += row.tokensIn;
    m.tokensOut += row.tokensOut;
    m.tokensCached += row.tokensCached;
    m.costMicroUsd += row.costMicroUsd;
    m.cacheHits += row.cacheHits;
    merged.set(key, m);
  }
  const totalMicro = sum(runs.map((r) => costOf(r.usage)));
  return {
    ...meta,
    overall: {
      tasks: tasks.length,
      tasksAllPassed: tasks.filter((t) => t.passHatK === 1).length,
      runs: runs.length,
      passAt1: mean(tasks.map((t) => t.passAt1)),
      passHatK: mean(tasks.map((t) => t.passHatK)),
      totalCostUsd: usd(totalMicro),
      meanCostUsd: usd(mean(runs.map((r) => costOf(r.usage)))),
      meanSeconds: mean(runs.map((r) => r.wallMs / 1000)),
      meanSteps: mean(runs.map((r) => r.usage.steps)),
      tokensIn: sum(tasks.map((t) => t.tokensIn)),
      tokensOut: sum(tasks.map((t) => t.tokensOut)),
      tokensCached: sum(tasks.map((t) => t.tokensCached)),
      llmCalls: sum(tasks.map((t) => t.llmCalls)),
      cacheHitShare: share(sum([...merged.values()].map((m) => m.cacheHits)), sum(tasks.map((t) => t.llmCalls))),
      repairs: sum(tasks.map((t) => t.repairs)),
      warnings: sum(tasks.map((t) => t.warnings)),
      stuckStops: sum(tasks.map((t) => t.stuckStops)),
    },
    tasks,
    byRoleModel: [...merged.values()]
      .sort((a, b) => a.role.localeCompare(b.role) || a.model.localeCompare(b.model))
      .map((m) => ({ ...m, costUsd: usd(m.costMicroUsd), cacheHitShare: share(m.cacheHits, m.calls) })),
    runs,
  };
}

// ---- Markdown ----

const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
const money = (x: number) => `$${x.toFixed(x >= 1 ? 2 : 4)}`;
const fixed = (x: number, d = 1) => x.toFixed(d);
const int = (x: number) => Math.round(x).toLocaleString("en-US");

function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map((c) => String(c).replaceAll("|", "\\|").replaceAll("\n", " ")).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

export function renderMarkdown(r: EvalReport): string {
  const o = r.overall;
  const k = r.repeat;
  const head = [
    `# AIOS eval — ${r.date}`,
    "",
    `Models: ${r.models} · ${o.tasks} task(s) × ${k} run(s) · ${r.machine.cpus} CPUs · Node ${r.machine.node}`,
    "",
    `**pass@1 ${pct(o.passAt1)}** · **pass^${k} ${pct(o.passHatK)}** (${o.tasksAllPassed}/${o.tasks} tasks passed every run) · total cost ${money(o.totalCostUsd)} · ` +
      `mean per run: ${fixed(o.meanSeconds)} s, ${fixed(o.meanSteps)} steps, ${money(o.meanCostUsd)} · ${int(o.llmCalls)} model calls, cache hits ${pct(o.cacheHitShare)} · ` +
      `repairs ${o.repairs}, warnings ${o.warnings}, stuck stops ${o.stuckStops}`,
  ];
  const perTask = table(
    ["task", "kind", "pass@1", `pass^${k}`, "project", "mean s", "mean steps", "mean cost", "tokens in / out / cached", "calls", "cache hits", "repairs", "stuck stops"],
    r.tasks.map((t) => [
      t.taskId,
      t.kind,
      `${pct(t.passAt1)} (${t.passes}/${t.runs})`,
      pct(t.passHatK),
      [...new Set(t.statuses)].join(", "),
      fixed(t.meanSeconds),
      fixed(t.meanSteps),
      money(t.meanCostUsd),
      `${int(t.tokensIn)} / ${int(t.tokensOut)} / ${int(t.tokensCached)}`,
      t.llmCalls,
      pct(t.cacheHitShare),
      t.repairs,
      t.stuckStops,
    ]),
  );
  const perRole = table(
    ["role (or purpose)", "model", "calls", "failed", "tokens in / out / cached", "cost", "cache hits"],
    r.byRoleModel.map((m) => [m.role, m.model, m.calls, m.failedCalls, `${int(m.tokensIn)} / ${int(m.tokensOut)} / ${int(m.tokensCached)}`, money(m.costUsd), pct(m.cacheHitShare)]),
  );
  const failed = r.runs.filter((run) => !run.passed);
  const failures = failed.length
    ? failed.map((run) => {
        const why = run.problem ? `${run.problem}. ` : "";
        const tests = run.acceptance.tests ? `${run.acceptance.failed}/${run.acceptance.tests} acceptance tests failed` : "acceptance tests did not run";
        const names = run.acceptance.failures.slice(0, 6).map((f) => `“${f}”`).join(", ");
        const tasks = run.taskProblems?.length ? `\n  - ${run.taskProblems.slice(0, 5).join("\n  - ")}` : "";
        return `- **${run.taskId}** run ${run.attempt} (project ${run.status}): ${why}${tests}${names ? `: ${names}` : ""}.${tasks}`;
      })
    : ["- none"];
  return [
    ...head,
    "",
    "## Per task",
    "",
    perTask,
    "",
    "## Per role and model",
    "",
    perRole,
    "",
    "## Failed runs",
    "",
    ...failures,
    "",
    "## Notes",
    "",
    ...r.notes.map((n) => `- ${n}`),
    "",
  ].join("\n");
}
