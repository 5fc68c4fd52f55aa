import "server-only";
import { z } from "zod";
import { AGENT_TOOLS, type AgentToolName } from "@/lib/agent-tools";
import { db } from "@/server/db";
import { withEvents } from "@/server/events";
import { isBudgetExceeded } from "@/server/governance/budgets/errors";
import { learnedRoutingOf } from "@/server/llm/outcomes";
import { generate, LlmError, type Tier } from "@/server/llm";
import { logger } from "@/server/observability/logger";
import { claimRunWithinLimits, heartbeat, HEARTBEAT_MS, RELEASE_DELAY_SECONDS, releaseRun, RUN_SLOT_RETRY_SECONDS } from "@/server/orchestrator/runs";
import { enqueue, workerId } from "@/server/queue";
import { ensureWorkspace } from "@/server/workspace";
import { clipStrings } from "./context/clip-output";
import { AnsweringWindow } from "./context/answering-window";
import { fitContext } from "./context/fit";
import type { Turn } from "./context/turns";
import { estimateTokens } from "./context/window";
import { prepareCall, type PreparedCall } from "./guards/prepare-call";
import { Watchdog, type WatchVerdict } from "./guards/watchdog";
import { historyFromEvents, NUDGE, systemPrompt, taskBrief } from "./prompt";
import { agentForRole } from "./registry";
import { runTier, settleOverBudget, waitForRateWindow } from "./over-budget";
import { stepDeltas } from "./step-stream";
import { settleControl, settleFailure, settlePaused, type RunScope } from "./settle";
import { deniedOutput, runApprovals } from "./run-approvals";
import { executeTool, type ToolOutcome } from "./tools/execute";
import { withWorkspaceLock } from "./workspace-lock";

export const MAX_STEPS = 40;
/** Tokens kept free in the context window for the model's answer (the gateway's default output allowance). */
const ANSWER_RESERVE = 8_192;

type StopReason = "cancelled" | "paused" | "lost" | "released" | "time_limit";
export const MAX_RUN_MINUTES = 30;

// Aborted when this process stops working: running agents stop at once and hand their runs back.
const g = globalThis as { __aiosShutdown?: AbortController };
const shutdownSignal = () => (g.__aiosShutdown ??= new AbortController()).signal;

/** Stops every agent run in this process; each run goes back to the queue for another worker. */
export function releaseRunsForShutdown(): void {
  g.__aiosShutdown?.abort();
}

/** (Re)opens this process for runs, e.g. when workers start again after a stop. */
export function acceptRuns(): void {
  if (g.__aiosShutdown?.signal.aborted) g.__aiosShutdown = new AbortController();
}

/**
 * Executes one run: claim it (compare-and-set), then loop model step → tool calls → results until
 * the agent finishes, hands off, asks a person, fails or hits the step limit. Every step is an event
 * written with the run's counters; a heartbeat keeps the claim alive and notices cancel and pause.
 */
export async function executeRun(runId: string, opts: { maxSteps?: number } = {}): Promise<void> {
  // Shutting down: leave the run for a worker that stays (its job comes back a little later).
  if (shutdownSignal().aborted) {
    await enqueue("run.execute", { runId }, { startAfterSeconds: RELEASE_DELAY_SECONDS });
    return;
  }
  const claim = await claimRunWithinLimits(runId, workerId);
  // Over a concurrent-runs limit the run stays queued and is tried again shortly, never failed.
  if (claim === "full") await enqueue("run.execute", { runId }, { startAfterSeconds: RUN_SLOT_RETRY_SECONDS });
  if (claim !== "claimed") return;
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, include: { task: true, project: true, agent: true } });
  const agent = run.agent ?? (await agentForRole(run.orgId, run.task.role));
  const root = await ensureWorkspace(run.projectId);
  const scope: RunScope = { runId, workerId, task: run.task, project: run.project, agent: agent ?? { role: run.task.role, name: run.task.role }, root };
  if (!agent) return settleFailure(scope, `No enabled agent has the role "${run.task.role}". Add one on the Agents page, then retry.`);

  const controller = new AbortController();
  let stopped: StopReason | null = null;
  const release = () => {
    stopped ??= "released";
    controller.abort(new Error("worker shutting down"));
  };
  const shutdown = shutdownSignal();
  if (shutdown.aborted) release();
  shutdown.addEventListener("abort", release, { once: true });
  const settings = (run.project.settings ?? {}) as { requireCommandApproval?: boolean; maxSteps?: number; maxRunMinutes?: number; modelOverrides?: Record<string, string> };
  const deadline = Date.now() + (settings.maxRunMinutes ?? MAX_RUN_MINUTES) * 60_000;
  // "Continue on a cheaper model" (an answer to a budget question) lowers this run's tier.
  const tier = await runTier(runId, agent.modelTier as Tier);
  const beat = setInterval(async () => {
    if (Date.now() > deadline && !stopped) {
      stopped = "time_limit";
      controller.abort(new Error("run time limit"));
      return;
    }
    try {
      const status = await heartbeat(runId, workerId);
      const project = await db.project.findUnique({ where: { id: run.projectId }, select: { status: true } });
      const reason: StopReason | null =
        status === "cancelled" || project?.status === "cancelled" ? "cancelled" : status !== "running" ? "lost" : project?.status === "paused" ? "paused" : null;
      if (reason && !stopped) {
        stopped = reason;
        controller.abort(new Error(`run ${reason}`));
      }
    } catch (err) {
      logger.warn({ err, runId }, "heartbeat failed");
    }
  }, HEARTBEAT_MS);

  try {
    await markRunning(scope, run.attempt);
    const available = agent.tools.filter((t): t is AgentToolName => t in AGENT_TOOLS);
    const tools = Object.fromEntries(available.map((t) => [t, { description: AGENT_TOOLS[t].description, inputSchema: AGENT_TOOLS[t].input }]));
    // Approvals belong to this run and its exact commands: a retry or another run starts with none.
    const { approved, pending } = await runApprovals(runId);
    const toolContext = { root, requireCommandApproval: Boolean(settings.requireCommandApproval), approvedCommands: approved, signal: controller.signal };
    if (pending) {
      // The call this run paused on gets its result now: the approved command's output, or the denial.
      const started = performance.now();
      const outcome: ToolOutcome = pending.approved
        ? await withWorkspaceLock(root, () => executeTool("run_command", pending.input, agent.tools, toolContext))
        : { ok: false, output: deniedOutput(pending), command: pending.command };
      await recordResult(scope, pending.step, pending.toolCallId, "run_command", outcome, started);
    }
    const history = await historyFromEvents(runId);
    const { turns, steps: done } = history;
    let context = history.context;
    const watchdog = new Watchdog(agent.role);
    for (const t of turns) for (const c of t.calls) watchdog.remember(c);
    const brief = taskBrief(run.project, run.task);
    const system = systemPrompt(agent, run.task);
    const llmScope = { orgId: run.orgId, projectId: run.projectId, taskId: run.taskId, runId, userId: run.project.createdById, apiKeyId: run.project.createdByApiKeyId, agentRole: agent.role };
    const override = settings.modelOverrides?.[agent.role] ?? settings.modelOverrides?.["*"];
    // The window of the model that answers (the catalog's figure); the prompt is kept within it.
    const window = await AnsweringWindow.start({ orgId: run.orgId, tier, override, fixedTokens: fixedTokensOf(system, available), answerReserve: ANSWER_RESERVE });
    const maxSteps = opts.maxSteps ?? settings.maxSteps ?? MAX_STEPS;

    for (let step = done + 1; ; step++) {
      if (stopped) return await stop(scope, stopped);
      if (step > maxSteps) return await settleFailure(scope, `Stopped at the step limit (${maxSteps} steps) without finishing.`);
      const fitted = await fitContext(scope, step, { brief, turns, state: context, ...window.current }, { scope: llmScope, abortSignal: controller.signal });
      context = fitted.state;
      const res = await generate({
        purpose: "agent",
        tier,
        system,
        messages: fitted.messages,
        tools,
        // Agents spend on behalf of the project's creator (and the API key it was created with).
        scope: llmScope,
        // Routing: the task's title is its kind, earlier runs of it are failures (hand-backs, retries),
        // and the project may pin a model per role or learn one from outcomes.
        routing: {
          taskKind: run.task.title,
          failures: Math.max(0, run.task.attempt - 1),
          override,
          learned: learnedRoutingOf(run.project.settings) ?? undefined,
        },
        abortSignal: controller.signal,
        onDelta: stepDeltas({ projectId: run.projectId, taskId: run.taskId, taskKey: run.task.key, runId, step }),
      }).catch(async (err: unknown) => {
        // A per-minute budget is a rate limit: wait for the next window and take the same step again.
        if (isBudgetExceeded(err) && (await waitForRateWindow(err, controller.signal))) return null;
        throw err;
      });
      if (!res) {
        step--;
        continue;
      }
      await window.follow(res);
      // Every call gets an answer: mapped to a real tool, or refused with a readable error as its result.
      const calls = res.toolCalls.map((c) => prepareCall(c, available, res.finishReason === "length"));
      await recordStep(scope, step, res, calls);
      const turn: Turn = { step, text: res.text.trim() ? res.text : "", calls: [], notes: [] };
      turns.push(turn);
      if (calls.length === 0) {
        turn.notes.push(NUDGE);
        continue;
      }
      for (const call of calls) {
        if (call.repair) await recordNotice(scope, "agent.repair", { step, toolCallId: call.toolCallId, ...call.repair });
        const started = performance.now();
        const outcome: ToolOutcome =
          call.kind === "refuse" ? { ok: false, output: call.output } : await withWorkspaceLock(root, () => executeTool(call.tool, call.input, agent.tools, toolContext));
        // A command waiting for a person has no result yet: the run pauses on this call.
        if (outcome.control?.kind === "approve_command") return await settleControl(scope, { ...outcome.control, toolCallId: call.toolCallId, step });
        await recordResult(scope, step, call.toolCallId, call.tool, outcome, started);
        const kept = clipInput(call.input);
        turn.calls.push({ toolCallId: call.toolCallId, tool: call.tool, input: kept, ok: outcome.ok, output: outcome.output });
        if (outcome.control) return await settleControl(scope, outcome.control);
        const verdict = watchdog.observe({ tool: call.tool, input: kept, ok: outcome.ok, output: outcome.output, kind: call.kind === "refuse" ? call.mistake : outcome.ok ? "ok" : "failed", ...(call.kind === "refuse" ? { summary: call.summary } : {}) });
        if (verdict.kind === "warn") {
          await recordNotice(scope, "agent.warning", { step, kind: "stuck", message: verdict.message });
          turn.notes.push(verdict.message);
        } else if (verdict.kind === "stop") {
          return await stopByWatchdog(scope, step, verdict, available.includes("ask_human"));
        }
      }
    }
  } catch (err) {
    if (stopped) return await stop(scope, stopped);
    if (isBudgetExceeded(err)) return await settleOverBudget(scope, err, tier);
    const message = err instanceof LlmError ? err.message : err instanceof Error ? err.message : String(err);
    if (!(err instanceof LlmError)) logger.error({ err, runId }, "run failed");
    await settleFailure(scope, message);
  } finally {
    clearInterval(beat);
    shutdown.removeEventListener("abort", release);
  }
}

/** The system prompt and tool schemas: sent with every step, counted once. */
function fixedTokensOf(system: string, tools: readonly AgentToolName[]): number {
  const schemas = tools.map((t) => {
    try {
      return { name: t, description: AGENT_TOOLS[t].description, schema: z.toJSONSchema(AGENT_TOOLS[t].input) };
    } catch {
      return { name: t, description: AGENT_TOOLS[t].description };
    }
  });
  return estimateTokens(system) + estimateTokens(schemas);
}

type Notice =
  | { type: "agent.repair"; payload: { step: number; toolCallId: string; kind: string; detail: string } }
  | { type: "agent.warning"; payload: { step: number; kind: string; message: string } }
  | { type: "agent.stopped"; payload: { step: number; kind: string; message: string; asked: boolean } };

/** A repair, warning or stop, recorded for the task timeline. */
async function recordNotice<T extends Notice["type"]>(s: RunScope, type: T, payload: Extract<Notice, { type: T }>["payload"]) {
  await withEvents((_tx, emit) =>
    emit({
      orgId: s.task.orgId,
      projectId: s.task.projectId,
      taskId: s.task.id,
      runId: s.runId,
      type,
      payload: { taskKey: s.task.key, role: s.agent.role, ...payload },
    } as Parameters<typeof emit>[0]),
  );
}

/** Stuck after a warning: the task fails with the sentence. Too many mistakes: a person is asked, if the agent may ask. */
async function stopByWatchdog(s: RunScope, step: number, verdict: Extract<WatchVerdict, { kind: "stop" }>, canAsk: boolean) {
  if (verdict.reason === "stuck") {
    await recordNotice(s, "agent.stopped", { step, kind: "stuck", message: verdict.message, asked: false });
    return settleFailure(s, verdict.message);
  }
  await recordNotice(s, "agent.stopped", { step, kind: "mistakes", message: canAsk ? verdict.question : verdict.failure, asked: canAsk });
  if (canAsk) return settleControl(s, { kind: "ask_human", question: verdict.question });
  return settleFailure(s, verdict.failure);
}

async function recordResult(s: RunScope, step: number, toolCallId: string, tool: string, outcome: ToolOutcome, started: number) {
  await withEvents((_tx, emit) =>
    emit({
      orgId: s.task.orgId,
      projectId: s.task.projectId,
      taskId: s.task.id,
      runId: s.runId,
      type: "agent.tool_result",
      payload: {
        taskKey: s.task.key,
        role: s.agent.role,
        step,
        toolCallId,
        tool,
        ok: outcome.ok,
        output: outcome.output,
        durationMs: Math.round(performance.now() - started),
        // No exitCode: the command never ran (denied); null: it ran and was stopped (timeout, signal).
        ...(outcome.command !== undefined ? { command: outcome.command, ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}) } : {}),
      },
    }),
  );
}

async function stop(scope: RunScope, reason: StopReason) {
  // Cancel already closed the run; a lost claim belongs to another worker now.
  if (reason === "paused") await settlePaused(scope);
  if (reason === "released") await releaseRun(scope.runId, scope.workerId);
  if (reason === "time_limit") {
    const minutes = Math.round((((scope.project.settings ?? {}) as { maxRunMinutes?: number }).maxRunMinutes ?? MAX_RUN_MINUTES) * 10) / 10;
    await settleFailure(scope, `Stopped at the time limit (${minutes} min) without finishing.`);
  }
}

async function markRunning(s: RunScope, attempt: number) {
  await withEvents(async (tx, emit) => {
    await tx.task.update({ where: { id: s.task.id }, data: { status: "running" } });
    await emit({
      orgId: s.task.orgId,
      projectId: s.task.projectId,
      taskId: s.task.id,
      runId: s.runId,
      type: "task.status",
      payload: { taskKey: s.task.key, title: s.task.title, role: s.task.role, status: "running", attempt: s.task.attempt, reason: attempt > 1 ? `Resumed (delivery ${attempt})` : undefined },
    });
  });
}

async function recordStep(s: RunScope, step: number, res: Awaited<ReturnType<typeof generate>>, calls: PreparedCall[]) {
  await withEvents(async (tx, emit) => {
    await tx.run.update({
      where: { id: s.runId },
      data: {
        steps: step,
        tokensIn: { increment: res.usage.inputTokens },
        tokensOut: { increment: res.usage.outputTokens },
        costUsd: { increment: res.costUsd },
      },
    });
    const base = { orgId: s.task.orgId, projectId: s.task.projectId, taskId: s.task.id, runId: s.runId };
    const who = { taskKey: s.task.key, role: s.agent.role, step };
    if (res.text.trim()) await emit({ ...base, type: "agent.text", payload: { ...who, text: res.text } });
    // Recorded under the tool that runs (a mapped name), so the timeline and a resumed run agree with it.
    for (const c of calls) {
      await emit({ ...base, type: "agent.tool_call", payload: { ...who, toolCallId: c.toolCallId, tool: c.tool, input: clipInput(c.input) } });
    }
  });
}

const EVENT_STRING_CHARS = 20_000;

/** Tool inputs as stored in events and kept for the model: long strings (a huge file the model wrote) are cut, with their size. */
const clipInput = (value: unknown) => clipStrings(value, EVENT_STRING_CHARS);
