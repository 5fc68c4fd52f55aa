import "server-only";
import { generateText, stepCountIs, tool, type ModelMessage, type ToolSet } from "ai";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { AGENT_TOOLS, type AgentToolName } from "@/lib/agent-tools";
import type { PlanDraft, PlannedTask } from "@/lib/plan";
import { AppError } from "@/server/errors";
import { checkFinish, latestOutcomes, type FinishCheck } from "@/lib/criteria-check";
import { deleteFile, listFiles, patchFile, readFile, runCommand, writeFile } from "@/server/workspace";

// A small stand-in for the agent runner, for tests: it calls the model through the AI SDK exactly as the
// runner does (system tag line, the task brief, one step at a time, tool results as text or
// error-text), executes the tools with server/workspace (path jail, file ownership, and commands in the
// real sandbox: no network, address-space and process limits), and settles hand-backs like server/agents.

export const ALL_TOOLS = Object.keys(AGENT_TOOLS) as AgentToolName[];
export const RESEARCHER_TOOLS: AgentToolName[] = ["list_files", "read_file", "write_file", "patch_file", "delete_file", "run_command", "handoff", "ask_human", "finish"];

export type ToolRecord = { tool: string; input: Record<string, unknown>; ok: boolean; output: string };
/** `check`: a finish as the server settles it (every criterion met with a passing command of this run). */
export type TaskRun = { key: string; role: string; attempt: number; calls: ToolRecord[]; ending: ToolRecord; text: string; check?: FinishCheck };

function toolSet(names: AgentToolName[]): ToolSet {
  const set: ToolSet = {};
  for (const name of names) set[name] = tool({ description: AGENT_TOOLS[name].description, inputSchema: AGENT_TOOLS[name].input as never });
  return set;
}

export function systemPrompt(role: string, key: string, attempt: number): string {
  return `<aios purpose="agent" role="${role}" task="${key}" attempt="${attempt}"/>\nYou are the ${role} agent of an AI software team.\n\nWork only inside the project's workspace with the tools you have.`;
}

export function brief(goal: string, task: Pick<PlannedTask, "title" | "description" | "acceptanceCriteria">, feedback: string[] = []): string {
  return [`Project goal: ${goal}`, `Task: ${task.title}\n${task.description}`, `Acceptance criteria:\n${task.acceptanceCriteria.map((c) => `- ${c}`).join("\n")}`, ...feedback].join("\n\n");
}

/** A command in the workspace sandbox, as agents run them. */
export async function sh(command: string, root: string, timeoutMs = 120_000): Promise<{ exitCode: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  return runCommand(root, command, { timeoutMs });
}

/** Executes one tool call in the workspace `root`, answering with the runner's wording. */
export async function execute(root: string, name: string, input: Record<string, unknown>): Promise<{ ok: boolean; output: string }> {
  const path = typeof input.path === "string" ? input.path : "";
  try {
    switch (name) {
      case "list_files": {
        const files = await listFiles(root, path || undefined);
        return { ok: true, output: files.length ? files.map((f) => `${f.path} (${f.bytes} B)`).join("\n") : "(no files)" };
      }
      case "read_file": {
        const f = await readFile(root, path);
        return { ok: true, output: f.content + (f.truncated ? "\n… (file truncated)" : "") };
      }
      case "write_file":
        await writeFile(root, path, String(input.content));
        return { ok: true, output: `Wrote ${path} (${Buffer.byteLength(String(input.content))} bytes).` };
      case "patch_file":
        await patchFile(root, path, String(input.find), String(input.replace));
        return { ok: true, output: `Patched ${path}.` };
      case "delete_file":
        await deleteFile(root, path);
        return { ok: true, output: `Deleted ${path}.` };
      case "run_command": {
        const command = String(input.command);
        const r = await runCommand(root, command, { timeoutMs: Number(input.timeoutSeconds ?? 120) * 1000 });
        const status = r.timedOut ? `timed out after ${r.durationMs} ms` : r.signal ? `killed by ${r.signal}` : `exit code ${r.exitCode}`;
        const output = [`$ ${command}`, status, r.stdout && `--- stdout ---\n${r.stdout}`, r.stderr && `--- stderr ---\n${r.stderr}`, r.truncated && "(output truncated)"].filter(Boolean).join("\n");
        return { ok: r.exitCode === 0, output };
      }
      case "git_diff":
        return { ok: true, output: "(no uncommitted changes)" };
      case "handoff":
        return { ok: true, output: `Handed to ${String(input.toRole)}.` };
      case "ask_human":
        return { ok: true, output: "Question sent; the task waits for the answer." };
      case "finish":
        return { ok: true, output: "Task finished." };
    }
    return { ok: false, output: `Unknown tool ${name}` };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, output: err.message };
    throw err;
  }
}

const ENDINGS = new Set(["finish", "handoff", "ask_human"]);

export type RunOptions = {
  model: LanguageModelV3;
  root: string;
  goal: string;
  task: PlannedTask;
  role?: string;
  attempt?: number;
  feedback?: string[];
  tools?: AgentToolName[];
  /** Recorded steps of an earlier, interrupted run of the same attempt (resume after a crash). */
  resumeFrom?: ModelMessage[];
  /** Stop after this many tool calls, returning the conversation so far (to simulate a crash). */
  crashAfter?: number;
  /** Called before each tool executes; may change the workspace (to simulate surprises). */
  beforeTool?: (name: string, input: Record<string, unknown>) => Promise<void> | void;
  maxSteps?: number;
};

export type RunOutcome = TaskRun & { messages: ModelMessage[]; crashed: boolean; usage: { input: number; output: number } };

/** Runs one task to its end (finish, handoff or ask_human), one model step at a time. */
export async function runTask(o: RunOptions): Promise<RunOutcome> {
  const role = o.role ?? o.task.role;
  const attempt = o.attempt ?? 1;
  const tools = toolSet(o.tools ?? ALL_TOOLS);
  const messages: ModelMessage[] = [{ role: "user", content: brief(o.goal, o.task, o.feedback) }, ...(o.resumeFrom ?? [])];
  const calls: ToolRecord[] = [];
  const usage = { input: 0, output: 0 };
  let text = "";
  for (let step = 0; step < (o.maxSteps ?? 80); step++) {
    const r = await generateText({ model: o.model, system: systemPrompt(role, o.task.key, attempt), messages, tools, stopWhen: stepCountIs(1) });
    usage.input += r.usage.inputTokens ?? 0;
    usage.output += r.usage.outputTokens ?? 0;
    text = r.text;
    if (r.toolCalls.length !== 1) throw new Error(`Expected one tool call, got ${r.toolCalls.length} (text: ${r.text})`);
    const c = r.toolCalls[0]!;
    const input = c.input as Record<string, unknown>;
    await o.beforeTool?.(c.toolName, input);
    const res = await execute(o.root, c.toolName, input);
    const record = { tool: c.toolName, input, ...res };
    messages.push(...r.response.messages, { role: "tool", content: [{ type: "tool-result", toolCallId: c.toolCallId, toolName: c.toolName, output: { type: res.ok ? "text" : "error-text", value: res.output } }] });
    if (ENDINGS.has(c.toolName)) {
      const commands = latestOutcomes(calls.filter((x) => x.tool === "run_command").map((x) => ({ command: String(x.input.command), ok: x.ok })));
      const check = c.toolName === "finish" ? checkFinish(o.task.acceptanceCriteria, (input.criteria as never) ?? [], String(input.summary ?? ""), commands) : undefined;
      return { key: o.task.key, role, attempt, calls, ending: record, text, messages, crashed: false, usage, check };
    }
    calls.push(record);
    if (o.crashAfter !== undefined && calls.length >= o.crashAfter) return { key: o.task.key, role, attempt, calls, ending: record, text, messages: messages.slice(1), crashed: true, usage };
  }
  throw new Error(`Task ${o.task.key} did not end`);
}

/** Runs a whole plan: tasks in dependency order, hand-backs re-run the upstream owner then the caller. */
export async function runProject(model: LanguageModelV3, plan: PlanDraft, root: string, opts: { toolsFor?: (role: string) => AgentToolName[] } = {}): Promise<TaskRun[]> {
  const byKey = new Map(plan.tasks.map((t) => [t.key, t]));
  const status = new Map(plan.tasks.map((t) => [t.key, "pending" as "pending" | "succeeded" | "needs_attention"]));
  const attempts = new Map(plan.tasks.map((t) => [t.key, 0]));
  const feedback = new Map<string, string[]>();
  const log: TaskRun[] = [];
  const upstream = (key: string, role: string): string | undefined => {
    const queue = [...byKey.get(key)!.dependsOn];
    const seen = new Set<string>();
    while (queue.length) {
      const k = queue.shift()!;
      if (seen.has(k)) continue;
      seen.add(k);
      if (byKey.get(k)?.role === role) return k;
      queue.push(...(byKey.get(k)?.dependsOn ?? []));
    }
    return undefined;
  };
  for (let guard = 0; guard < 40; guard++) {
    const ready = plan.tasks.find((t) => status.get(t.key) === "pending" && t.dependsOn.every((d) => status.get(d) === "succeeded"));
    if (!ready) break;
    const attempt = attempts.get(ready.key)! + 1;
    attempts.set(ready.key, attempt);
    const run = await runTask({ model, root, goal: plan.goal, task: ready, attempt, feedback: feedback.get(ready.key), tools: opts.toolsFor?.(ready.role) ?? (ready.role === "researcher" ? RESEARCHER_TOOLS : ALL_TOOLS) });
    log.push(run);
    // As on the server: a finish without its criteria checked needs attention, and its dependents wait.
    if (run.ending.tool === "finish") status.set(ready.key, run.check?.ok ? "succeeded" : "needs_attention");
    else if (run.ending.tool === "handoff" && run.ending.input.kind === "return") {
      const target = upstream(ready.key, String(run.ending.input.toRole));
      if (!target) throw new Error(`No upstream ${String(run.ending.input.toRole)} task for ${ready.key}`);
      feedback.set(target, [...(feedback.get(target) ?? []), `Returned by ${ready.role}: ${String(run.ending.input.reason)}`]);
      status.set(target, "pending");
    } else throw new Error(`Task ${ready.key} ended with ${run.ending.tool}: ${JSON.stringify(run.ending.input)}`);
  }
  return log;
}
