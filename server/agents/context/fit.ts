import "server-only";
import type { ModelMessage } from "ai";
import { withEvents } from "@/server/events";
import type { LlmScope } from "@/server/llm";
import type { RunScope } from "../settle";
import { summarise } from "./condense";
import type { Turn } from "./turns";
import { planWindow, type ContextState, type WindowInput } from "./window";

/**
 * The messages for the next step, within the model's context window. A change to what the model sees
 * (observations masked, older steps condensed) is recorded as an "agent.context" event: the timeline
 * shows it and a resumed run rebuilds the same view from it.
 */
export async function fitContext(
  s: RunScope,
  step: number,
  input: WindowInput,
  llm: { scope: LlmScope; abortSignal?: AbortSignal },
): Promise<{ messages: ModelMessage[]; state: ContextState }> {
  let plan = planWindow(input);
  const { tokensBefore } = plan;
  let condensed = false;
  if (plan.condenseThrough !== undefined) {
    const through = plan.condenseThrough;
    const from = input.state.summary?.throughStep ?? 0;
    const older: Turn[] = input.turns.filter((t) => t.step > from && t.step <= through);
    // The summariser gets at most half the window (it is a call of its own).
    const summary = await summarise({ turns: older, previous: input.state.summary?.text, maxChars: input.contextWindow * 2, scope: llm.scope, abortSignal: llm.abortSignal });
    const masked = plan.masked;
    plan = planWindow({ ...input, state: { maskedThrough: Math.max(plan.state.maskedThrough, through), summary: { text: summary.text, throughStep: through } } });
    plan = { ...plan, masked: masked + plan.masked };
    condensed = true;
  }
  if (plan.masked > 0 || condensed) {
    const state = plan.state;
    await withEvents((_tx, emit) =>
      emit({
        orgId: s.task.orgId,
        projectId: s.task.projectId,
        taskId: s.task.id,
        runId: s.runId,
        type: "agent.context",
        payload: {
          taskKey: s.task.key,
          role: s.agent.role,
          step,
          contextWindow: input.contextWindow,
          masked: plan.masked,
          maskedThrough: state.maskedThrough,
          condensed,
          ...(condensed && state.summary ? { throughStep: state.summary.throughStep, summary: state.summary.text } : {}),
          tokensBefore,
          tokensAfter: plan.tokens,
        },
      }),
    );
  }
  return { messages: plan.messages, state: plan.state };
}
