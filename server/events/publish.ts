import "server-only";
import type { LiveEvent, StepDelta } from "@/lib/events";
import { afterCommit } from "@/server/db";
import { logger } from "@/server/observability/logger";

/**
 * Where committed events go. The process entry installs one sink at start-up (the Socket.IO
 * server, or a Postgres emitter in worker processes); domain code only calls publish().
 * Kept on globalThis: Next's route handlers run in a separately bundled module graph.
 */
export type EventSink = {
  event(e: LiveEvent): void | Promise<void>;
  /** Drop a user's live connections so they re-authenticate (sign-out, role change, disable). */
  revokeUser(userId: string): void | Promise<void>;
  /** A live piece of an agent step (not stored, no seq) to the project room; sinks without it drop deltas. */
  delta?(d: StepDelta): void | Promise<void>;
};

const g = globalThis as { __aiosEventSink?: EventSink | null };

export function installEventSink(sink: EventSink | null) {
  g.__aiosEventSink = sink;
}

export async function publish(events: LiveEvent[]): Promise<void> {
  const sink = g.__aiosEventSink;
  if (!sink) return;
  for (const e of events) {
    try {
      await sink.event(e);
    } catch (err) {
      // Delivery is best effort: the event is committed and clients replay it by seq.
      logger.warn({ err, eventId: e.id }, "event delivery failed");
    }
  }
}

/** Drops the user's live connections once the change that revoked them has committed. */
export async function revokeUserConnections(userId: string): Promise<void> {
  await afterCommit(async () => {
    try {
      await g.__aiosEventSink?.revokeUser(userId);
    } catch (err) {
      logger.warn({ err, userId }, "revoking live connections failed");
    }
  });
}

/** Sends an ephemeral step delta now (no transaction, nothing stored); best effort like every delivery. */
export async function publishDelta(d: StepDelta): Promise<void> {
  try {
    await g.__aiosEventSink?.delta?.(d);
  } catch (err) {
    logger.debug({ err, runId: d.runId }, "step delta delivery failed");
  }
}
