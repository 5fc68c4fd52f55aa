import type { UIMessage } from "ai";
import type { CostedPlan } from "./plan";

/** Data parts of AIOS chat messages, beside plain text. */
export type ChatDataParts = {
  /**
   * The plan card: a proposed project, or a change to one (approve, edit or cancel it from the card).
   * `changeId` names the pending change request; without it a change card refers to a draft's plan.
   */
  plan: { projectId: string; plan: CostedPlan; kind: "new_project" | "change_request"; changeId?: string };
  /** An agent's question (or a command to approve) for the person who asked for the project. */
  question: { projectId: string; questionId: string; role: string; kind: "question" | "command_approval"; text: string };
  /** Transient progress while the planner works ("Planning…"). */
  status: { text: string };
};

export type AiosChatMessage = UIMessage<never, ChatDataParts>;

/** What the browser sends to POST /api/chat besides the messages. */
export type ChatRequestBody = { orgId: string };
