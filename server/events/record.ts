import "server-only";
import { EVENT_CATALOG, orgRoom, projectRoom, type EventPayload, type EventType, type LiveEvent } from "@/lib/events";
import type { Tx } from "@/server/db";

export type EventInput<T extends EventType = EventType> = {
  orgId: string;
  projectId?: string | null;
  runId?: string | null;
  taskId?: string | null;
  type: T;
  payload: EventPayload<T>;
};

/**
 * Writes one event inside the caller's transaction, with the next seq of its stream. The
 * EventStream row lock orders concurrent writers; the event becomes visible (and is published)
 * only when the transaction commits.
 */
export async function recordEvent<T extends EventType>(tx: Tx, input: EventInput<T>): Promise<LiveEvent> {
  const spec = EVENT_CATALOG[input.type];
  const payload = spec.payload.parse(input.payload) as object;
  const stream = input.projectId ? projectRoom(input.projectId) : orgRoom(input.orgId);
  const [row] = await tx.$queryRaw<{ seq: number }[]>`
    INSERT INTO "EventStream" ("key", "seq") VALUES (${stream}, 1)
    ON CONFLICT ("key") DO UPDATE SET "seq" = "EventStream"."seq" + 1
    RETURNING "seq"`;
  const event = await tx.event.create({
    data: {
      orgId: input.orgId,
      projectId: input.projectId ?? null,
      runId: input.runId ?? null,
      taskId: input.taskId ?? null,
      stream,
      seq: Number(row!.seq),
      type: input.type,
      version: spec.version,
      payload,
    },
  });
  return toLiveEvent(event);
}

export function toLiveEvent(e: {
  id: string;
  stream: string;
  seq: number;
  type: string;
  version: number;
  orgId: string;
  projectId: string | null;
  payload: unknown;
  createdAt: Date;
}): LiveEvent {
  return {
    id: e.id,
    stream: e.stream,
    seq: e.seq,
    type: e.type,
    version: e.version,
    orgId: e.orgId,
    projectId: e.projectId,
    payload: e.payload,
    createdAt: e.createdAt.toISOString(),
  };
}
