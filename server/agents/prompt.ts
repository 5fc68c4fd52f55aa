import "server-only";
import type { AgentModel as Agent, ProjectModel as Project, TaskModel as Task } from "@/server/db";
import { db } from "@/server/db";
import { turnsFromEvents, type StepEvent } from "./context/history";
import type { Turn } from "./context/turns";
import type { ContextState } from "./context/window";

// "edit": a person changed the workspace in the browser (server/projects/edit-file.ts); text is "<files> — <message>".
export type Feedback = { from: string; kind: "return" | "answer" | "approval" | "ask" | "edit"; text: string; at: string };

const RULES = `Work only inside the project's workspace with the tools you have. Projects use Node.js 20
with no network: no npm install, only the standard library; tests use node:test and run with
"node --test". Make one tool call per step. When the acceptance criteria are met and the tests pass,
call finish with a summary and, for every acceptance criterion, a verdict: met or not, and as evidence
the exact command you ran in this task that checks it (it must have exited 0). Never claim a criterion
you did not check: say it is not met, and the task waits for a person. If the fix belongs to another
role, hand the task back with the reason.`;

/**
 * The system prompt: instructions, then a machine-readable tag line (the offline model reads it). The
 * task-specific tag comes last so every task of a role shares the same prefix (providers cache prompts
 * from their first token).
 */
export function systemPrompt(agent: Pick<Agent, "role" | "instructions">, task: Pick<Task, "key" | "attempt">): string {
  return `You are the ${agent.role} agent of an AI software team.
${agent.instructions}

${RULES}
<aios purpose="agent" role="${agent.role}" task="${task.key}" attempt="${task.attempt}"/>`;
}

/** The task as the agent first sees it, with what people and other agents said about earlier attempts. */
export function taskBrief(project: Pick<Project, "goal" | "name">, task: Pick<Task, "title" | "description" | "acceptanceCriteria" | "feedback">): string {
  const criteria = (task.acceptanceCriteria as string[]).map((c) => `- ${c}`).join("\n");
  const all = (task.feedback as Feedback[]) ?? [];
  // People's edits come first, before the sections: what a file holds now may not be what the last task left.
  const edits = all.filter((f) => f.kind === "edit").map((f) => `Changed by a person since the last task: ${f.text}`);
  const feedback = all.filter((f) => f.kind !== "edit").map((f) => {
    if (f.kind === "return") return `Returned by ${f.from}: ${f.text}`;
    if (f.kind === "approval") return `Approved by ${f.from}: ${f.text}`;
    return `Answer from ${f.from}: ${f.text}`;
  });
  return [
    ...(edits.length ? [edits.join("\n")] : []),
    `Project goal: ${project.goal}`,
    `Task: ${task.title}\n${task.description}`,
    `Acceptance criteria:\n${criteria}`,
    ...feedback,
  ].join("\n\n");
}

export { NUDGE } from "./context/history";

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
