import "server-only";
import type { Server as HttpServer, IncomingMessage } from "node:http";
import { createAdapter } from "@socket.io/postgres-adapter";
import { Server, type Socket } from "socket.io";
import { z } from "zod";
import { orgRoom, type ClientToServerEvents, type LiveEvent, type ServerToClientEvents } from "@/lib/events";
import { principalFromCookieHeader, principalFromSessionId, type Principal } from "@/server/auth";
import { allowedOrigins, checkOrigin } from "@/server/boot/origin";
import { getPgPool } from "@/server/db";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { eventsSince, type EventSink } from "@/server/events";
import { logger } from "@/server/observability/logger";
import { authorizeRoom } from "./rooms";

type SocketData = { principal: Principal };
export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const userRoom = (userId: string) => `user:${userId}`;

function clientIp(req: IncomingMessage): string | undefined {
  const forwarded = env.AIOS_TRUST_PROXY ? String(req.headers["x-forwarded-for"] ?? "").split(",").at(-1)?.trim() : "";
  return forwarded || req.socket.remoteAddress;
}

const JoinRequest = z.object({
  room: z.string().min(1).max(200),
  lastSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

function onJoin(socket: IoSocket) {
  socket.on("join", async (req, reply) => {
    const respond = typeof reply === "function" ? reply : () => {};
    const parsed = JoinRequest.safeParse(req);
    if (!parsed.success) return respond({ ok: false, error: "That join request is malformed: send a room name and, optionally, the last seq you saw." });
    const { room, lastSeq } = parsed.data;
    let joined = false;
    try {
      // Re-read the principal: a role change or sign-out since the handshake applies now.
      const principal = await principalFromSessionId(socket.data.principal.sessionId);
      if (!principal) {
        respond({ ok: false, error: "Your session has ended. Sign in again." });
        socket.disconnect(true);
        return;
      }
      socket.data.principal = principal;
      await authorizeRoom(principal, room);
      await socket.join(room);
      joined = true;
      // Joined first, then replay: an event in between arrives twice and the client drops the copy.
      let replayed = 0;
      if (lastSeq !== undefined) {
        for (const e of await eventsSince(room, lastSeq)) {
          socket.emit("event", e);
          replayed++;
        }
      }
      respond({ ok: true, replayed });
    } catch (err) {
      // A refused join never keeps the room, and only our own sentences reach the client.
      if (joined) await socket.leave(room);
      if (!(err instanceof AppError)) logger.warn({ err, room }, "room join failed");
      respond({ ok: false, error: err instanceof AppError ? err.message : "Cannot join that room right now. Try again." });
    }
  });
  socket.on("leave", (room: unknown) => {
    if (typeof room === "string") void socket.leave(room);
  });
}

export async function attachRealtime(httpServer: HttpServer): Promise<IoServer> {
  const allowed = allowedOrigins(env.publicUrl, env.AIOS_ALLOWED_ORIGINS);
  const io: IoServer = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    pingInterval: 10_000,
    // Cross-site WebSocket hijacking: a page elsewhere must not connect with the user's cookie. Runs
    // before the handshake (polling and WebSocket alike), so a refused client never joins a room.
    allowRequest: (req, callback) => {
      const verdict = checkOrigin(req.headers, allowed, false);
      if (verdict.ok) return callback(null, true);
      logger.warn(
        { security: { event: "socket_refused", reason: verdict.reason, origin: req.headers.origin, ip: clientIp(req) } },
        `socket handshake refused: ${verdict.message}`,
      );
      callback(verdict.message, false);
    },
  });
  // Engine.IO answers /socket.io/ itself (not through server/boot/http.ts): the same basics there.
  io.engine.on("headers", (headers: Record<string, string>) => {
    Object.assign(headers, {
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "cross-origin-resource-policy": "same-origin",
    });
  });
  const pool = getPgPool();
  if (pool) {
    await pool.query(`CREATE TABLE IF NOT EXISTS socket_io_attachments (
      id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`);
    io.adapter(createAdapter(pool));
  }
  io.use(async (socket, next) => {
    try {
      const principal = await principalFromCookieHeader(socket.request.headers.cookie);
      if (!principal) return next(new Error("unauthorized"));
      socket.data.principal = principal;
      next();
    } catch (err) {
      logger.warn({ err }, "socket handshake failed");
      next(new Error("unauthorized"));
    }
  });
  io.on("connection", (socket) => {
    void socket.join(userRoom(socket.data.principal.userId));
    onJoin(socket);
  });
  return io;
}

/** Delivery through this process's Socket.IO server (the adapter fans out to other nodes). */
export function ioSink(io: IoServer): EventSink {
  return {
    event(e: LiveEvent) {
      io.to(e.stream).emit("event", e);
      // The org feed also sees project activity live (replay on reconnect is per stream).
      if (e.projectId) io.to(orgRoom(e.orgId)).emit("event", e);
    },
    revokeUser(userId) {
      io.in(userRoom(userId)).disconnectSockets(true);
    },
  };
}
