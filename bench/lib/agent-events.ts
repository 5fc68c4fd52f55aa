// Turns the events of agent runs (as stored, or as the bare-loop baseline records them in the same
// shape) into per-step and per-task timings. Pure: no database, no server code.

/** One event: what the Event table holds, with createdAt as epoch milliseconds. */
export type TimedEvent = {
  stream: string;
  seq: number;
  type: string;
  taskId: string | null;
  runId: string | null;
  at: number;
  payload: Record<string, unknown>;
};

export type AgentSamples = {
  /** Distinct tasks seen, and their final status (the last task.status of each). */
  tasks: number;
  succeeded: number;
  failed: number;
  unfinished: number;
  runs: number;
  modelCalls: number;
  toolCalls: number;
  /** Latest final task.status (succeeded / failed) event, epoch ms. */
  lastSettledAt: number;
  /** task.status queued → the task's next task.status running or agent.* event. */
  readyToFirstEvent: number[];
  /** Per agent step k ≥ 2 of a run: t(llm.call k) − t(llm.call k−1) − latencyMs(k) − Σ durationMs(tool results of step k−1). */
  stepOverhead: number[];
  /** Per run: t(llm.call 1) − t(task.status running) − latencyMs(1): start of a run up to its first model answer. */
  startOverhead: number[];
  /** Per run: t(final task.status) − t(last llm.call) − Σ durationMs(its tool results): commit, close, schedule the next task. */
  settleOverhead: number[];
  /** Per model call: latencyMs (the model, through the AI SDK). */
  modelMs: number[];
  /** Per tool call: durationMs (workspace lock wait + the tool's own work). */
  toolMs: number[];
  /** Per run_command call: durationMs (sandboxed processes such as node --test). */
  commandMs: number[];
  /** Per task: first queued event → final status event. */
  taskMs: number[];
  /**
   * Slot time lost to pickup: ∫ min(tasks queued and not yet running, free slots) dt, from the events'
   * queued / running / final times. 0 for a perfect scheduler; grows when work waits while a slot idles.
   */
  starvedSlotMs: number;
};

const FINAL = new Set(["succeeded", "failed"]);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

export function analyzeAgentEvents(events: readonly TimedEvent[], slots: number): AgentSamples {
  const ordered = [...events].sort((a, b) => (a.stream === b.stream ? a.seq - b.seq : a.stream < b.stream ? -1 : 1));
  const out: AgentSamples = {
    tasks: 0,
    succeeded: 0,
    failed: 0,
    unfinished: 0,
    runs: 0,
    modelCalls: 0,
    toolCalls: 0,
    lastSettledAt: Number.NaN,
    readyToFirstEvent: [],
    stepOverhead: [],
    startOverhead: [],
    settleOverhead: [],
    modelMs: [],
    toolMs: [],
    commandMs: [],
    taskMs: [],
    starvedSlotMs: 0,
  };

  // Tasks: final status, queued → first agent event, queued → settled.
  const byTask = new Map<string, TimedEvent[]>();
  for (const e of ordered) if (e.taskId) byTask.set(e.taskId, [...(byTask.get(e.taskId) ?? []), e]);
  for (const list of byTask.values()) {
    const statuses = list.filter((e) => e.type === "task.status");
    if (!statuses.length) continue;
    out.tasks++;
    const last = statuses.at(-1)!;
    const status = String(last.payload.status);
    if (status === "succeeded") out.succeeded++;
    else if (status === "failed") out.failed++;
    else out.unfinished++;
    if (FINAL.has(status)) out.lastSettledAt = Number.isNaN(out.lastSettledAt) ? last.at : Math.max(out.lastSettledAt, last.at);
    const firstQueued = statuses.find((e) => e.payload.status === "queued");
    if (firstQueued && FINAL.has(status)) out.taskMs.push(last.at - firstQueued.at);
    list.forEach((e, i) => {
      if (e.type !== "task.status" || e.payload.status !== "queued") return;
      const first = list.slice(i + 1).find((n) => (n.type === "task.status" && n.payload.status === "running") || n.type.startsWith("agent."));
      if (first) out.readyToFirstEvent.push(first.at - e.at);
    });
  }

  // Pickup: how long ready work waited while a slot was free.
  const changes: { at: number; waiting: number; running: number }[] = [];
  for (const e of ordered) {
    if (e.type !== "task.status") continue;
    const status = String(e.payload.status);
    if (status === "queued") changes.push({ at: e.at, waiting: 1, running: 0 });
    else if (status === "running") changes.push({ at: e.at, waiting: -1, running: 1 });
    else if (FINAL.has(status) && e.runId) changes.push({ at: e.at, waiting: 0, running: -1 });
  }
  changes.sort((a, b) => a.at - b.at);
  let waiting = 0;
  let running = 0;
  for (let i = 0; i < changes.length; i++) {
    waiting += changes[i]!.waiting;
    running += changes[i]!.running;
    const next = changes[i + 1];
    if (next) out.starvedSlotMs += (next.at - changes[i]!.at) * Math.max(0, Math.min(waiting, slots - running));
  }

  // Runs: the loop's own time between model calls.
  const byRun = new Map<string, TimedEvent[]>();
  for (const e of ordered) if (e.runId) byRun.set(e.runId, [...(byRun.get(e.runId) ?? []), e]);
  for (const list of byRun.values()) {
    const calls = list.filter((e) => e.type === "llm.call");
    if (!calls.length) continue;
    out.runs++;
    out.modelCalls += calls.length;
    const results = list.filter((e) => e.type === "agent.tool_result");
    out.toolCalls += results.length;
    const toolTime = new Map<number, number>();
    for (const r of results) {
      const step = num(r.payload.step);
      const ms = num(r.payload.durationMs);
      toolTime.set(step, (toolTime.get(step) ?? 0) + ms);
      out.toolMs.push(ms);
      if (r.payload.tool === "run_command") out.commandMs.push(ms);
    }
    for (const c of calls) out.modelMs.push(num(c.payload.latencyMs));
    // The k-th model call of a run is its step k (runs here are never resumed from a crash).
    const running = list.find((e) => e.type === "task.status" && e.payload.status === "running");
    if (running) out.startOverhead.push(calls[0]!.at - running.at - num(calls[0]!.payload.latencyMs));
    for (let k = 2; k <= calls.length; k++) {
      const prev = calls[k - 2]!;
      const cur = calls[k - 1]!;
      out.stepOverhead.push(cur.at - prev.at - num(cur.payload.latencyMs) - (toolTime.get(k - 1) ?? 0));
    }
    const lastCall = calls.at(-1)!;
    const settled = list.find((e) => e.type === "task.status" && FINAL.has(String(e.payload.status)) && e.seq > lastCall.seq);
    if (settled) out.settleOverhead.push(settled.at - lastCall.at - (toolTime.get(calls.length) ?? 0));
  }
  return out;
}
