import type { LiveEvent } from "./events";

// The activity feed is for people: what was started, decided, finished or needs someone, never an agent's
// every step, model call or commit (those live in a project's timeline).

export const PEOPLE_EVENT_TYPES = [
  "project.created",
  "project.renamed",
  "project.archived",
  "project.deleted",
  "project.status",
  "plan.proposed",
  "change.proposed",
  "change.decided",
  "member.invited",
  "member.joined",
  "member.updated",
  "member.removed",
  "question.asked",
  "question.answered",
  // AIOS changed what a model answered (a plan about to be approved, how a message was read): people should know.
  "answer.repaired",
] as const;

/** Task statuses worth a person's attention in the feed (the rest show on the project page). */
export const PEOPLE_TASK_STATUSES = ["failed", "needs_attention"] as const;

const TYPES = new Set<string>(PEOPLE_EVENT_TYPES);
const STATUSES = new Set<string>(PEOPLE_TASK_STATUSES);

export function isPeopleEvent(e: Pick<LiveEvent, "type" | "payload">): boolean {
  if (TYPES.has(e.type)) return true;
  if (e.type !== "task.status") return false;
  const status = (e.payload as { status?: unknown } | null)?.status;
  return typeof status === "string" && STATUSES.has(status);
}
