import "server-only";
import { Emitter } from "@socket.io/postgres-emitter";
import { orgRoom } from "@/lib/events";
import { getPgPool } from "@/server/db";
import type { EventSink } from "@/server/events";

/** Worker processes (server mode) have no Socket.IO server: they emit through Postgres NOTIFY. */
export function postgresEmitterSink(): EventSink {
  const pool = getPgPool();
  if (!pool) throw new Error("The Postgres emitter needs server mode (DATABASE_URL).");
  const emitter = new Emitter(pool);
  return {
    event(e) {
      emitter.to(e.stream).emit("event", e);
      if (e.projectId) emitter.to(orgRoom(e.orgId)).emit("event", e);
    },
    revokeUser(userId) {
      emitter.in(`user:${userId}`).disconnectSockets(true);
    },
  };
}
