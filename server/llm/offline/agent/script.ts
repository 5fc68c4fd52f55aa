import "server-only";
import type { AgentToolName, CriterionVerdict } from "@/lib/agent-tools";
import type { HistoryStep, Outcome } from "../prompt";
import type { Brief } from "./brief";

// An agent script is a generator: it yields tool calls, receives their results and finally returns how
// the task ends. The next step of a run is found by replaying the script against the run's history:
// each yielded call consumes the matching recorded call and gets its recorded result, and the first
// call with no recorded match is the answer. So a run resumed after a crash continues where it stopped,
// and every decision follows from the results the tools actually returned.

export type Call = { tool: AgentToolName; input: Record<string, unknown> };

export type Ending =
  | { tool: "finish"; summary: string; criteria?: CriterionVerdict[] }
  | { tool: "handoff"; toRole: string; kind: "ask" | "return"; reason: string }
  | { tool: "ask_human"; question: string };

/** What the script receives for a call; `unavailable` when the agent does not have the tool. */
export type Result = Outcome & { unavailable?: boolean };

export type Script = Generator<Call, Ending, Result>;

export type Answer = { text?: string; toolCall?: { toolName: string; input: Record<string, unknown> } };

/** Runs longer than this end with a summary instead of another call (a loop guard, not a budget). */
export const MAX_STEPS = 60;

export const call = (tool: AgentToolName, input: Record<string, unknown> = {}): Call => ({ tool, input });

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function nextAnswer(brief: Brief, history: HistoryStep[], makeScript: () => Script): Answer {
  const done = history.filter((s) => s.result);
  if (done.length >= MAX_STEPS) {
    return end(brief, { tool: "finish", summary: `Stopped after ${done.length} steps without reaching the end of the task; the work so far is in the workspace.` });
  }
  const script = makeScript();
  let pointer = 0;
  let step = script.next();
  for (let guard = 0; guard < 1000; guard++) {
    if (step.done) return end(brief, step.value);
    const c = step.value;
    if (!brief.tools.has(c.tool)) {
      step = script.next({ ok: false, unavailable: true, text: `The tool ${c.tool} is not available to this agent.` });
      continue;
    }
    const key = `${c.tool}:${stable(c.input)}`;
    let found = -1;
    for (let i = pointer; i < done.length; i++) {
      if (`${done[i]!.tool}:${stable(done[i]!.input)}` === key) {
        found = i;
        break;
      }
    }
    if (found < 0) return { toolCall: { toolName: c.tool, input: c.input } };
    pointer = found + 1;
    step = script.next(done[found]!.result!);
  }
  return end(brief, { tool: "finish", summary: "Stopped: the offline model's script did not converge." });
}

/** The closing call; when the agent lacks that tool, the nearest one it has, else plain text. */
function end(brief: Brief, ending: Ending): Answer {
  if (ending.tool === "finish") {
    const input = { summary: ending.summary, criteria: ending.criteria ?? [] };
    return brief.tools.has("finish") ? { text: ending.summary, toolCall: { toolName: "finish", input } } : { text: ending.summary };
  }
  if (ending.tool === "handoff") {
    if (brief.tools.has("handoff")) {
      return { toolCall: { toolName: "handoff", input: { toRole: ending.toRole, kind: ending.kind, reason: ending.reason } } };
    }
    return end(brief, { tool: "ask_human", question: `This needs the ${ending.toRole} agent, but I cannot hand tasks over. ${ending.reason}` });
  }
  if (brief.tools.has("ask_human")) return { toolCall: { toolName: "ask_human", input: { question: ending.question } } };
  return end(brief, { tool: "finish", summary: ending.question });
}
