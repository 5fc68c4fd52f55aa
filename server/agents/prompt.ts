import "server-only";
import type { AgentModel as Agent, ProjectModel as Project, TaskModel as Task } from "@/server/db";
import { db } from "@/server/db";
import type { Turn } from "./context/turns";
import { freshContext, type ContextState } from "./context/window";

export type Feedback = { from: string; kind: "return" | "answer" | "approval" | "ask"; text: string; at: string };

const RULES = `Work only inside the project's workspace with the tools you have. Projects use Node.js 20
with no network: no npm install, only the standard library; tests use node:test and run with
"node --test". Make one tool call per step. When the acceptance criteria are met and the tests pass,
call finish with a summary and, for every acceptance criterion, a verdict: met or not, and as evidence
the exact command you ran in this task that checks it (it must have exited 0). Never claim a criterion
you did not check: say it is not met, and the task waits for a person. If the fix belongs to another
role, hand the task back with the reason.`;

/** The system prompt: a machine-readable tag line (the offline model reads it), then instructions. */
export function systemPrompt(agent: Pick<Agent, "role" | "instructions">, task: Pick<Task, "key" | "attempt">): string {
  return `<aios purpose="agent" role="${agent.role}" task="${task.key}" attempt="${task.attempt}"/>
You are the ${agent.role} agent of an AI software team.
${agent.instructions}

${RULES}`;
}

/** The task as the agent first sees it, with what people and other agents said about earlier attempts. */
export function taskBrief(project: Pick<Project, "goal" | "name">, task: Pick<Task, "title" | "description" | "acceptanceCriteria" | "feedback">): string {
  const criteria = (task.acceptanceCriteria as string[]).map((c) => `- ${c}`).join("\n");
  const feedback = ((task.feedback as Feedback[]) ?? []).map((f) => {
    if (f.kind === "return") return `Returned by ${f.from}: ${f.text}`;
    if (f.kind === "approval") return `Approved by ${f.from}: ${f.text}`;
    return `Answer from ${f.from}: ${f.text}`;
  });
  return [
    `Project goal: ${project.goal}`,
    `Task: ${task.title}\n${task.description}`,
    `Acceptance criteria:\n${criteria}`,
    ...feedback,
  ].join("\n\n");
}

/** Told to the model after a step without a tool call. */
export const NUDGE = "Continue with a tool call. When the task is done, call finish with a summary.";

type StepEvent = { type: string; payload: Record<string, unknown> };

/**
 * The run's conversation so far, rebuilt from its recorded events: after a crash the re-queued run
 * continues where it stopped, with what the model was told (nudges, warnings) and the same view of its
 * context (masking and summary, from the latest "agent.context" event). A tool call without a recorded
 * result (the crash hit mid-tool) is dropped, so the model asks for it again.
 */
export async function historyFromEvents(runId: string): Promise<{ turns: Turn[]; steps: number; context: ContextState }> {
  const events = (await db.event.findMany({
    where: { runId, type: { in: ["agent.text", "agent.tool_call", "agent.tool_result", "agent.warning", "agent.context"] } },
    orderBy: { seq: "asc" },
    select: { type: true, payload: true },
  })) as StepEvent[];
  return turnsFromEvents(events);
}

/** The pure part of historyFromEvents (events oldest first). */
export function turnsFromEvents(events: StepEvent[]): { turns: Turn[]; steps: number; context: ContextState } {
  const results = new Map(events.filter((e) => e.type === "agent.tool_result").map((e) => [e.payload.toolCallId as string, e.payload]));
  const byStep = new Map<number, StepEvent[]>();
  let context = freshContext();
  for (const e of events) {
    if (e.type === "agent.context") {
      const p = e.payload as { maskedThrough: number; summary?: string; throughStep?: number };
      context = { maskedThrough: p.maskedThrough, ...(p.summary !== undefined && p.throughStep !== undefined ? { summary: { text: p.summary, throughStep: p.throughStep } } : context.summary ? { summary: context.summary } : {}) };
      continue;
    }
    const step = e.payload.step as number;
    byStep.set(step, [...(byStep.get(step) ?? []), e]);
  }
  const turns: Turn[] = [];
  for (const [step, stepEvents] of [...byStep].sort((a, b) => a[0] - b[0])) {
    const text = (stepEvents.find((e) => e.type === "agent.text")?.payload.text as string | undefined) ?? "";
    const calls = stepEvents
      .filter((e) => e.type === "agent.tool_call" && results.has(e.payload.toolCallId as string))
      .map((c) => {
        const r = results.get(c.payload.toolCallId as string)!;
        return { toolCallId: c.payload.toolCallId as string, tool: c.payload.tool as string, input: c.payload.input, ok: r.ok === true, output: r.output as string };
      });
    const warnings = stepEvents.filter((e) => e.type === "agent.warning").map((e) => e.payload.message as string);
    if (!text && calls.length === 0 && warnings.length === 0) continue;
    turns.push({ step, text, calls, notes: [...(calls.length === 0 ? [NUDGE] : []), ...warnings] });
  }
  return { turns, steps: byStep.size ? Math.max(...byStep.keys()) : 0, context };
}
