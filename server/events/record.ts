import "server-only";
import { randomUUID } from "node:crypto";
import { EVENT_CATALOG, orgRoom, projectRoom, type EventPayload, type EventType, type LiveEvent } from "@/lib/events";
import { sqlTimestamp, type Tx } from "@/server/db";

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
  const id = randomUUID();
  const createdAt = new Date();
  // Published as it was stored: JSON, so subscribers in this process see what a replay would give.
  const json = JSON.stringify(payload);
  // One statement, one round trip: the stream's next seq and the event row. The EventStream row lock
  // taken by the upsert orders concurrent writers of the stream until the transaction ends.
  const [row] = await tx.$queryRaw<{ seq: number }[]>`
    WITH next AS (
      INSERT INTO "EventStream" ("key", "seq") VALUES (${stream}, 1)
      ON CONFLICT ("key") DO UPDATE SET "seq" = "EventStream"."seq" + 1
      RETURNING "seq"
    )
    INSERT INTO "Event" ("id", "orgId", "projectId", "runId", "taskId", "stream", "seq", "type", "version", "payload", "createdAt")
    SELECT ${id}, ${input.orgId}, ${input.projectId ?? null}, ${input.runId ?? null}, ${input.taskId ?? null}, ${stream}, next."seq",
      ${input.type}, ${spec.version}::int, ${json}::jsonb, ${sqlTimestamp(createdAt)}::timestamp
    FROM next
    RETURNING "seq"`;
  const event = { id, stream, seq: Number(row!.seq), type: input.type, version: spec.version, orgId: input.orgId, projectId: input.projectId ?? null, payload: JSON.parse(json) as unknown, createdAt };
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
