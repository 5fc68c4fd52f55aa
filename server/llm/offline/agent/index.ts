import "server-only";
import type { ReadCall } from "../prompt";
import { templateFor } from "../templates";
import { readBrief, returnedReasons } from "./brief";
import { buildFlow, fallbackFlow, fixFlow, qaFlow } from "./flows";
import { nextAnswer, type Answer } from "./script";

/**
 * One agent step: find the project's template from the goal, the task from its key, and replay that
 * task's script against this run's history to get the next tool call.
 */
export function agentStep(c: ReadCall): Answer {
  const brief = readBrief(c);
  const template = templateFor(brief.goal || brief.title);
  const task = template.tasks.find((t) => t.key === brief.taskKey);
  return nextAnswer(brief, c.history, () => {
    if (!task) return fallbackFlow(brief, template);
    if (task.role === "qa") return qaFlow(brief, task, template);
    if (returnedReasons(brief).length) return fixFlow(brief, task, template);
    return buildFlow(brief, task, template);
  });
}
