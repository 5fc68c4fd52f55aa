import "server-only";
import { realpath } from "node:fs/promises";
import { AGENT_TOOLS, type AgentToolInput, type AgentToolName, type CriterionVerdict } from "@/lib/agent-tools";
import { AppError } from "@/server/errors";
import { clipMiddle } from "../context/clip-output";
import { relativeToWorkspace } from "./relative-paths";
import {
  deleteFile,
  listFiles,
  patchFile,
  readFile,
  runCommand,
  workingDiff,
  writeFile,
} from "@/server/workspace";

/** What ends the agent's turn: the runner settles the task accordingly. */
export type ToolControl =
  | { kind: "finish"; summary: string; criteria: CriterionVerdict[] }
  | { kind: "handoff"; toRole: string; handoffKind: "ask" | "return"; reason: string }
  | { kind: "ask_human"; question: string }
  /** The run pauses on this exact call until a person decides; the runner adds the call's id and step. */
  | { kind: "approve_command"; command: string; input: Record<string, unknown>; toolCallId: string; step: number };

/** `command` and `exitCode` are set for run_command, so the feed can say exactly what ran and how it ended. */
export type ToolOutcome = { ok: boolean; output: string; control?: ToolControl; command?: string; exitCode?: number | null };

export type ToolContext = {
  root: string;
  /** Commands the project requires a person to approve first, unless approved for this run (exact text). */
  requireCommandApproval: boolean;
  approvedCommands: ReadonlySet<string>;
  signal: AbortSignal;
};

// What a result keeps (in its event, and at most for the model): the head and the tail, where a failing
// test run or a stack trace ends. The model may see less of it, sized to its context window.
const MAX_OUTPUT_CHARS = 16_000;
const clip = (s: string) => clipMiddle(s, MAX_OUTPUT_CHARS);

/**
 * Runs one tool call. Input is validated against the tool's schema; refusals (the path jail, size
 * limits) and failures come back as `ok: false` with the reason, which the model sees and the
 * timeline shows. Only the tools the agent was given can run.
 */
export async function executeTool(name: string, rawInput: unknown, allowed: readonly string[], ctx: ToolContext): Promise<ToolOutcome> {
  if (!(name in AGENT_TOOLS) || !allowed.includes(name)) {
    return { ok: false, output: `The tool "${name}" is not available to this agent.` };
  }
  const parsed = AGENT_TOOLS[name as AgentToolName].input.safeParse(rawInput);
  if (!parsed.success) {
    return { ok: false, output: `Invalid input for ${name}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")}` };
  }
  try {
    return await run(name as AgentToolName, parsed.data as never, ctx);
  } catch (err) {
    if (err instanceof AppError) return { ok: false, output: err.message };
    throw err;
  }
}

async function run<N extends AgentToolName>(name: N, input: AgentToolInput<N>, ctx: ToolContext): Promise<ToolOutcome> {
  // Validated against the tool's schema above; one flat view of the fields the tools use.
  const i = input as unknown as {
    path: string;
    content: string;
    find: string;
    replace: string;
    command: string;
    timeoutSeconds?: number;
    toRole: string;
    kind: "ask" | "return";
    reason: string;
    question: string;
    summary: string;
    criteria: CriterionVerdict[];
  };
  switch (name) {
    case "list_files": {
      const files = await listFiles(ctx.root, input && "path" in input ? i.path : undefined);
      return { ok: true, output: files.length ? files.map((f) => `${f.path} (${f.bytes} B)`).join("\n") : "(no files)" };
    }
    case "read_file": {
      const f = await readFile(ctx.root, i.path);
      return { ok: true, output: clip(f.content) + (f.truncated ? "\n… (file truncated)" : "") };
    }
    case "write_file":
      await writeFile(ctx.root, i.path, i.content);
      return { ok: true, output: `Wrote ${i.path} (${Buffer.byteLength(i.content)} bytes).` };
    case "patch_file": {
      // A match found without exact text says where it was applied, so the model can check it.
      const patched = await patchFile(ctx.root, i.path, i.find, i.replace);
      return { ok: true, output: `Patched ${i.path}.${patched.note ? ` ${patched.note}` : ""}` };
    }
    case "delete_file":
      await deleteFile(ctx.root, i.path);
      return { ok: true, output: `Deleted ${i.path}.` };
    case "run_command": {
      const command = i.command;
      if (ctx.requireCommandApproval && !ctx.approvedCommands.has(command)) {
        // Not run: no result is recorded until a person decides (the runner pauses the run here).
        return { ok: false, output: "Waiting for a person to approve this command.", control: { kind: "approve_command", command, input: { ...i }, toolCallId: "", step: 0 } };
      }
      const r = await runCommand(ctx.root, command, { timeoutMs: (i.timeoutSeconds ?? 120) * 1000, signal: ctx.signal });
      const roots = [ctx.root, await realpath(ctx.root).catch(() => ctx.root)];
      const rel = (s: string) => relativeToWorkspace(s, roots);
      const status = r.timedOut ? `timed out after ${r.durationMs} ms` : r.signal ? `killed by ${r.signal}` : `exit code ${r.exitCode}`;
      const output = [`$ ${command}`, status, r.stdout && `--- stdout ---\n${rel(r.stdout)}`, r.stderr && `--- stderr ---\n${rel(r.stderr)}`, r.truncated && "(output truncated)"]
        .filter(Boolean)
        .join("\n");
      return { ok: r.exitCode === 0, output: clip(output), command, exitCode: r.exitCode };
    }
    case "git_diff": {
      const diff = await workingDiff(ctx.root);
      return { ok: true, output: clip(diff || "(no uncommitted changes)") };
    }
    case "handoff":
      return {
        ok: true,
        output: `Handed to ${i.toRole}.`,
        control: { kind: "handoff", toRole: i.toRole, handoffKind: i.kind, reason: i.reason },
      };
    case "ask_human":
      return { ok: true, output: "Question sent; the task waits for the answer.", control: { kind: "ask_human", question: i.question } };
    case "finish":
      return { ok: true, output: "Task finished.", control: { kind: "finish", summary: i.summary, criteria: i.criteria ?? [] } };
  }
  return { ok: false, output: `Unknown tool ${String(name)}` };
}
