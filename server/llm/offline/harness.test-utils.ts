import "server-only";
import { execFile, spawnSync } from "node:child_process";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { generateText, stepCountIs, tool, type ModelMessage, type ToolSet } from "ai";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { AGENT_TOOLS, type AgentToolName } from "@/lib/agent-tools";
import type { PlanDraft, PlannedTask } from "@/lib/plan";

// A small stand-in for the agent runner, for tests: it calls the model through the AI SDK exactly as the
// runner does (system tag line, the task brief, one step at a time, tool results as text or
// error-text), executes the tools in a temporary folder, and settles hand-backs like server/agents.

export const ALL_TOOLS = Object.keys(AGENT_TOOLS) as AgentToolName[];
export const RESEARCHER_TOOLS: AgentToolName[] = ["list_files", "read_file", "write_file", "patch_file", "delete_file", "handoff", "ask_human", "finish"];

export type ToolRecord = { tool: string; input: Record<string, unknown>; ok: boolean; output: string };
export type TaskRun = { key: string; role: string; attempt: number; calls: ToolRecord[]; ending: ToolRecord; text: string };

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

async function walk(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name === ".git" || e.name === "node_modules") continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(root, full)));
    else out.push(relative(root, full));
  }
  return out.sort();
}

// Commands get only PATH and HOME, like the sandbox: nothing of the test process leaks in.
const sandboxEnv = (home: string) => ({ PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home }) as unknown as NodeJS.ProcessEnv;

// Like server/workspace's sandbox, commands get a network namespace of their own where unshare allows
// it: no network at all, not even loopback, so the projects' tests must not need TCP.
export const NETWORK_ISOLATED = spawnSync("unshare", ["-rn", "true"]).status === 0;
const isolated = (command: string): [string, string[]] => (NETWORK_ISOLATED ? ["unshare", ["-rn", "bash", "-c", command]] : ["bash", ["-c", command]]);

export function sh(command: string, cwd: string, timeoutMs = 120_000): Promise<{ exitCode: number; stdout: string; stderr: string; timedOut: boolean }> {
  const [file, args] = isolated(command);
  return new Promise((resolve) => {
    execFile(file, args, { cwd, encoding: "utf8", timeout: timeoutMs, env: sandboxEnv(cwd) }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: number | string; killed?: boolean }) | null;
      resolve({ exitCode: e ? (typeof e.code === "number" ? e.code : 1) : 0, stdout, stderr, timedOut: !!e?.killed });
    });
  });
}

/** Executes one tool call in `root`, answering with the runner's wording. */
export async function execute(root: string, name: string, input: Record<string, unknown>): Promise<{ ok: boolean; output: string }> {
  const path = typeof input.path === "string" ? join(root, input.path) : root;
  try {
    switch (name) {
      case "list_files": {
        const files = await walk(root, path);
        const lines = await Promise.all(files.map(async (f) => `${f} (${(await stat(join(root, f))).size} B)`));
        return { ok: true, output: lines.length ? lines.join("\n") : "(no files)" };
      }
      case "read_file":
        return { ok: true, output: await readFile(path, "utf8") };
      case "write_file":
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, String(input.content));
        return { ok: true, output: `Wrote ${String(input.path)} (${Buffer.byteLength(String(input.content))} bytes).` };
      case "patch_file": {
        const text = await readFile(path, "utf8");
        const find = String(input.find);
        if (!text.includes(find)) return { ok: false, output: `The text to replace was not found in ${String(input.path)}.` };
        await writeFile(path, text.replace(find, String(input.replace)));
        return { ok: true, output: `Patched ${String(input.path)}.` };
      }
      case "delete_file":
        await rm(path);
        return { ok: true, output: `Deleted ${String(input.path)}.` };
      case "run_command": {
        const r = await sh(String(input.command), root);
        const status = r.timedOut ? "timed out" : `exit code ${r.exitCode}`;
        const output = [`$ ${String(input.command)}`, status, r.stdout && `--- stdout ---\n${r.stdout}`, r.stderr && `--- stderr ---\n${r.stderr}`].filter(Boolean).join("\n");
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
    return { ok: false, output: (err as Error).message };
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
    if (ENDINGS.has(c.toolName)) return { key: o.task.key, role, attempt, calls, ending: record, text, messages, crashed: false, usage };
    calls.push(record);
    if (o.crashAfter !== undefined && calls.length >= o.crashAfter) return { key: o.task.key, role, attempt, calls, ending: record, text, messages: messages.slice(1), crashed: true, usage };
  }
  throw new Error(`Task ${o.task.key} did not end`);
}

/** Runs a whole plan: tasks in dependency order, hand-backs re-run the upstream owner then the caller. */
export async function runProject(model: LanguageModelV3, plan: PlanDraft, root: string, opts: { toolsFor?: (role: string) => AgentToolName[] } = {}): Promise<TaskRun[]> {
  const byKey = new Map(plan.tasks.map((t) => [t.key, t]));
  const status = new Map(plan.tasks.map((t) => [t.key, "pending" as "pending" | "succeeded"]));
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
    if (run.ending.tool === "finish") status.set(ready.key, "succeeded");
    else if (run.ending.tool === "handoff" && run.ending.input.kind === "return") {
      const target = upstream(ready.key, String(run.ending.input.toRole));
      if (!target) throw new Error(`No upstream ${String(run.ending.input.toRole)} task for ${ready.key}`);
      feedback.set(target, [...(feedback.get(target) ?? []), `Returned by ${ready.role}: ${String(run.ending.input.reason)}`]);
      status.set(target, "pending");
    } else throw new Error(`Task ${ready.key} ended with ${run.ending.tool}: ${JSON.stringify(run.ending.input)}`);
  }
  return log;
}
