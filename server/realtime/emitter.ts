import "server-only";
import { BroadcastOperator, Emitter } from "@socket.io/postgres-emitter";
import { orgRoom, projectRoom } from "@/lib/events";
import { getPgPool } from "@/server/db";
import type { EventSink } from "@/server/events";

type Publishable = { publish(doc: Record<string, unknown>): Promise<void>; emitter: { nsp: string } };

/**
 * @socket.io/postgres-emitter 0.1.1 (the newest release) leaves `nsp` out of the messages it
 * NOTIFYs, and @socket.io/postgres-adapter 0.5.0 routes incoming messages by `nsp`, so every
 * message from a worker was silently dropped. Add the field the adapter reads; idempotent.
 * tests/server-mode proves delivery worker → web node → browser.
 */
function addNamespaceToMessages() {
  const proto = BroadcastOperator.prototype as unknown as Publishable & { __aiosNsp?: true };
  if (proto.__aiosNsp) return;
  const publish = proto.publish;
  proto.publish = function (this: Publishable, doc) {
    return publish.call(this, { ...doc, nsp: this.emitter.nsp });
  };
  proto.__aiosNsp = true;
}

/** Worker processes (server mode) have no Socket.IO server: they emit through Postgres NOTIFY. */
export function postgresEmitterSink(): EventSink {
  const pool = getPgPool();
  if (!pool) throw new Error("The Postgres emitter needs server mode (DATABASE_URL).");
  addNamespaceToMessages();
  const emitter = new Emitter(pool);
  return {
    event(e) {
      emitter.to(e.stream).emit("event", e);
      if (e.projectId) emitter.to(orgRoom(e.orgId)).emit("event", e);
    },
    revokeUser(userId) {
      emitter.in(`user:${userId}`).disconnectSockets(true);
    },
    delta(d) {
      emitter.to(projectRoom(d.projectId)).emit("delta", d);
    },
  };
}
