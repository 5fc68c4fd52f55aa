import "server-only";
import type { ModelMessage } from "ai";
import type { AgentModel as Agent, ProjectModel as Project, TaskModel as Task } from "@/server/db";
import { db } from "@/server/db";

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

type StepEvent = { type: string; payload: Record<string, unknown> };

/**
 * The run's conversation so far, rebuilt from its recorded events: after a crash the re-queued run
 * continues where it stopped. A tool call without a recorded result (the crash hit mid-tool) is
 * dropped, so the model asks for it again.
 */
export async function historyFromEvents(runId: string): Promise<{ messages: ModelMessage[]; steps: number }> {
  const events = (await db.event.findMany({
    where: { runId, type: { in: ["agent.text", "agent.tool_call", "agent.tool_result"] } },
    orderBy: { seq: "asc" },
    select: { type: true, payload: true },
  })) as StepEvent[];
  const results = new Map(events.filter((e) => e.type === "agent.tool_result").map((e) => [e.payload.toolCallId as string, e.payload]));
  const byStep = new Map<number, StepEvent[]>();
  for (const e of events) {
    const step = e.payload.step as number;
    byStep.set(step, [...(byStep.get(step) ?? []), e]);
  }
  const messages: ModelMessage[] = [];
  for (const [, stepEvents] of [...byStep].sort((a, b) => a[0] - b[0])) {
    const text = stepEvents.find((e) => e.type === "agent.text")?.payload.text as string | undefined;
    const calls = stepEvents.filter((e) => e.type === "agent.tool_call" && results.has(e.payload.toolCallId as string));
    if (!text && calls.length === 0) continue;
    messages.push({
      role: "assistant",
      content: [
        ...(text ? [{ type: "text" as const, text }] : []),
        ...calls.map((c) => ({
          type: "tool-call" as const,
          toolCallId: c.payload.toolCallId as string,
          toolName: c.payload.tool as string,
          input: c.payload.input,
        })),
      ],
    });
    if (calls.length) {
      messages.push({
        role: "tool",
        content: calls.map((c) => {
          const r = results.get(c.payload.toolCallId as string)!;
          return {
            type: "tool-result" as const,
            toolCallId: c.payload.toolCallId as string,
            toolName: c.payload.tool as string,
            output: { type: r.ok ? ("text" as const) : ("error-text" as const), value: r.output as string },
          };
        }),
      });
    }
  }
  return { messages, steps: byStep.size ? Math.max(...byStep.keys()) : 0 };
}
