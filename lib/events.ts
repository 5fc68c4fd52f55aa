import { z } from "zod";

// The catalog of live events: every type, its payload schema and version. Shared by the server
// (which validates before recording) and the browser (which renders them).
export const EVENT_CATALOG = {
  "diagnostics.pong": {
    version: 1,
    payload: z.object({
      message: z.string(),
      jobId: z.string(),
      enqueuedAt: z.string(),
      handledAt: z.string(),
      worker: z.string(),
    }),
  },
  "member.invited": {
    version: 1,
    payload: z.object({ email: z.string(), role: z.string(), by: z.string() }),
  },
  "member.joined": {
    version: 1,
    payload: z.object({ userId: z.string(), name: z.string(), role: z.string() }),
  },
  "member.updated": {
    version: 1,
    payload: z.object({
      userId: z.string(),
      name: z.string(),
      role: z.string().optional(),
      status: z.string().optional(),
      by: z.string(),
    }),
  },
  "member.removed": {
    version: 1,
    payload: z.object({ userId: z.string(), name: z.string(), by: z.string() }),
  },
  "project.created": {
    version: 1,
    payload: z.object({ name: z.string(), by: z.string() }),
  },
  "plan.proposed": {
    version: 1,
    payload: z.object({ name: z.string(), tasks: z.number(), costUsd: z.number(), by: z.string() }),
  },
  // A change to a project past its draft waits for a person: proposed (or grown by a later request),
  // then approved (its tasks are added and scheduled) or cancelled (nothing is added).
  "change.proposed": {
    version: 1,
    payload: z.object({ changeId: z.string(), name: z.string(), tasks: z.number(), costUsd: z.number(), minutes: z.number(), by: z.string() }),
  },
  "change.decided": {
    version: 1,
    payload: z.object({ changeId: z.string(), decision: z.enum(["approved", "cancelled"]), tasks: z.number(), costUsd: z.number(), by: z.string() }),
  },
  "project.status": {
    version: 1,
    payload: z.object({ status: z.string(), reason: z.string().optional(), by: z.string().optional() }),
  },
  "task.status": {
    version: 1,
    payload: z.object({
      taskKey: z.string(),
      title: z.string(),
      role: z.string(),
      status: z.string(),
      attempt: z.number(),
      reason: z.string().optional(),
    }),
  },
  "task.added": {
    version: 1,
    payload: z.object({ taskKey: z.string(), title: z.string(), role: z.string(), dependsOn: z.array(z.string()) }),
  },
  // One per agent step: what the model said, which tool it called with what, and what came back.
  "agent.text": {
    version: 1,
    payload: z.object({ taskKey: z.string(), role: z.string(), step: z.number(), text: z.string() }),
  },
  "agent.tool_call": {
    version: 1,
    payload: z.object({
      taskKey: z.string(),
      role: z.string(),
      step: z.number(),
      toolCallId: z.string(),
      tool: z.string(),
      input: z.unknown(),
    }),
  },
  "agent.tool_result": {
    version: 1,
    payload: z.object({
      taskKey: z.string(),
      role: z.string(),
      step: z.number(),
      toolCallId: z.string(),
      tool: z.string(),
      ok: z.boolean(),
      output: z.string(),
      durationMs: z.number(),
      // run_command: the command and its exit code, so the feed can say exactly what ran.
      command: z.string().optional(),
      exitCode: z.number().nullish(),
    }),
  },
  "agent.handoff": {
    version: 1,
    payload: z.object({ taskKey: z.string(), from: z.string(), to: z.string(), kind: z.string(), reason: z.string() }),
  },
  "question.asked": {
    version: 1,
    payload: z.object({ questionId: z.string(), taskKey: z.string(), role: z.string(), kind: z.string(), text: z.string() }),
  },
  "question.answered": {
    version: 1,
    payload: z.object({
      questionId: z.string(),
      taskKey: z.string(),
      answer: z.string(),
      by: z.string(),
      // Command approvals: the person's decision on this exact command (a denial's reason is the answer).
      decision: z.enum(["approved", "denied"]).optional(),
      command: z.string().optional(),
    }),
  },
  "question.expired": {
    version: 1,
    payload: z.object({ questionId: z.string(), taskKey: z.string(), kind: z.string(), text: z.string(), reason: z.string() }),
  },
  "git.commit": {
    version: 1,
    payload: z.object({ taskKey: z.string(), role: z.string(), sha: z.string(), message: z.string(), files: z.array(z.string()) }),
  },
  // One per model call (server/llm): usage and cost, for the activity feed and spend views.
  "llm.call": {
    version: 1,
    payload: z.object({
      llmCallId: z.string(),
      purpose: z.string(),
      provider: z.string(),
      model: z.string(),
      tokensIn: z.number(),
      tokensOut: z.number(),
      costUsd: z.number(),
      latencyMs: z.number(),
      status: z.string(),
      taskId: z.string().nullish(),
      runId: z.string().nullish(),
      error: z.string().nullish(),
      /** The tier asked for, when a "degrade" budget moved the call to a cheaper one. */
      degradedFrom: z.string().nullish(),
      /** Answered from the response cache (cost 0). */
      cacheHit: z.boolean().optional(),
      /** Which try of the gateway call this is (1-based; retries and fallbacks each recorded). */
      attempt: z.number().int().optional(),
      /** Why this model (server/llm/routing): tier, complexity, reasons, candidates, attempts so far. */
      routing: z
        .object({
          tier: z.string(),
          complexity: z.number(),
          reasons: z.array(z.string()),
          candidates: z.array(z.string()),
          chosen: z.string(),
          attempts: z.array(z.object({ model: z.string(), status: z.string(), error: z.string().optional(), latencyMs: z.number() })),
        })
        .optional(),
    }),
  },
  // An in-app notification was created (org stream): bells refetch. The content stays in the
  // Notification row, readable only by its recipients; the event says only that there is one.
  "notification.created": {
    version: 1,
    payload: z.object({ notificationId: z.string(), kind: z.string() }),
  },
  // Agents coping with imperfect models (server/agents/guards, server/agents/context): every repair of
  // a call, warning to the model, stop and change to what the model sees is shown in the task timeline.
  "agent.repair": {
    version: 1,
    payload: z.object({
      taskKey: z.string(),
      role: z.string(),
      step: z.number(),
      toolCallId: z.string().optional(),
      /** "tool-name" (mapped to a real tool), "unknown-tool" (told its tools), "tool-input" (asked to resend). */
      kind: z.string(),
      detail: z.string(),
    }),
  },
  "agent.warning": {
    version: 1,
    payload: z.object({ taskKey: z.string(), role: z.string(), step: z.number(), kind: z.string(), message: z.string() }),
  },
  "agent.stopped": {
    version: 1,
    payload: z.object({
      taskKey: z.string(),
      role: z.string(),
      step: z.number(),
      /** "stuck" (repeating itself after a warning) or "mistakes" (too many in a row). */
      kind: z.string(),
      message: z.string(),
      /** A person was asked how to continue (else the task failed). */
      asked: z.boolean(),
    }),
  },
  "agent.context": {
    version: 1,
    payload: z.object({
      taskKey: z.string(),
      role: z.string(),
      step: z.number(),
      contextWindow: z.number(),
      /** Older observations masked by this change, and the last step whose observations are masked. */
      masked: z.number(),
      maskedThrough: z.number(),
      condensed: z.boolean(),
      /** Condensed: the steps up to here are replaced by `summary` in what the model sees. */
      throughStep: z.number().optional(),
      summary: z.string().optional(),
      tokensBefore: z.number(),
      tokensAfter: z.number(),
    }),
  },
  // Housekeeping (server/projects/housekeeping.ts): a rename or archive in the project's stream; a
  // delete in the org stream (the project's own stream ends with it).
  "project.renamed": {
    version: 1,
    payload: z.object({ name: z.string(), previous: z.string(), by: z.string() }),
  },
  "project.archived": {
    version: 1,
    payload: z.object({ archived: z.boolean(), name: z.string(), by: z.string() }),
  },
  "project.deleted": {
    version: 1,
    payload: z.object({ projectId: z.string(), name: z.string(), by: z.string() }),
  },
  // AIOS fixed a model's structured answer before using it (server/llm/structured): intake's reading of a
  // chat message (org stream) or a plan (the project's stream; the plan card lists the same repairs).
  "answer.repaired": {
    version: 1,
    payload: z.object({
      purpose: z.enum(["intake", "planning"]),
      /** As the plan card words them; "asked the model again: …" when an answer had to be re-asked. */
      repairs: z.array(z.string().max(500)).max(50),
      by: z.string(),
    }),
  },
  // A person changed a file of the workspace in the browser: one commit under their name.
  "workspace.edited": {
    version: 1,
    payload: z.object({ path: z.string(), sha: z.string(), message: z.string(), files: z.array(z.string()), created: z.boolean(), by: z.string() }),
  },
} as const;

export type EventType = keyof typeof EVENT_CATALOG;
export type EventPayload<T extends EventType> = z.infer<(typeof EVENT_CATALOG)[T]["payload"]>;

/** An event as stored and as delivered to the browser. */
export type LiveEvent = {
  id: string;
  stream: string;
  seq: number;
  type: string;
  version: number;
  orgId: string;
  projectId: string | null;
  payload: unknown;
  createdAt: string;
};

/** Rooms a socket may join: the stream keys of events. */
export const orgRoom = (orgId: string) => `org:${orgId}`;
export const projectRoom = (projectId: string) => `project:${projectId}`;

export type RoomRef = { kind: "org" | "project"; id: string };
export function parseRoom(room: string): RoomRef | null {
  const m = /^(org|project):([A-Za-z0-9_-]{1,64})$/.exec(room);
  return m ? { kind: m[1] as RoomRef["kind"], id: m[2]! } : null;
}

/** Socket.IO protocol between browser and server. */
export type JoinRequest = { room: string; lastSeq?: number };
export type JoinReply = { ok: true; replayed: number } | { ok: false; error: string };
export interface ServerToClientEvents {
  event: (e: LiveEvent) => void;
  /** Live pieces of an agent step in progress: never stored, no seq (not part of replay or gap checks). */
  delta: (d: StepDelta) => void;
}
export interface ClientToServerEvents {
  join: (req: JoinRequest, reply: (r: JoinReply) => void) => void;
  leave: (room: string) => void;
}

/**
 * What an agent's model step has said since the last delta (about every 75 ms while it streams), sent to
 * the project room only. Ephemeral: the stored "agent.text" / "agent.tool_call" events of the step are the
 * transcript; a client shows these until that step's stored events arrive, then drops them.
 */
export type StepDelta = {
  projectId: string;
  taskId: string;
  taskKey: string;
  runId: string;
  step: number;
  /** Batches of one step are numbered from 1: a client that sees a gap knows its partial is incomplete. */
  n: number;
  /** The step's earlier attempt failed and another starts: drop what was shown of this step. */
  reset?: true;
  /** Text to append to the step's text. */
  text?: string;
  /** Tool calls being written: input text to append, per call. */
  tools?: { toolCallId: string; toolName: string; input: string }[];
};
