import "server-only";
import type { Server as HttpServer, IncomingMessage } from "node:http";
import { createAdapter } from "@socket.io/postgres-adapter";
import { Server, type Socket } from "socket.io";
import { z } from "zod";
import { orgRoom, projectRoom, type ClientToServerEvents, type LiveEvent, type ServerToClientEvents } from "@/lib/events";
import { principalFromApiKeyHash, principalFromRequest, principalFromSessionId, type Principal } from "@/server/auth";
import { allowedOrigins, checkOrigin } from "@/server/boot/origin";
import { getPgPool } from "@/server/db";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { eventsSince, type EventSink } from "@/server/events";
import { onApiKeyChanged } from "@/server/governance/api-keys/bus";
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
      // Re-read the principal: a role change, sign-out or key revocation since the handshake applies now.
      const principal = await reread(socket.data.principal, socket);
      if (!principal) {
        respond({ ok: false, error: socket.data.principal.kind === "apiKey" ? "This API key no longer works (revoked, rotated, expired, or its creator lost access)." : "Your session has ended. Sign in again." });
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

/** The caller again, from the database (null when it may no longer act). */
async function reread(p: Principal, socket: IoSocket): Promise<Principal | null> {
  if (p.kind === "user") return principalFromSessionId(p.sessionId);
  return principalFromApiKeyHash(p.key.hash, clientIp(socket.request) ?? null).catch((err: unknown) => {
    if (err instanceof AppError) return null;
    throw err;
  });
}

/** The handshake's credential: `auth.token` (an API key) if given, else the Authorization header or the cookie. */
function handshakePrincipal(socket: IoSocket): Promise<Principal | null> {
  const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  const headers = socket.request.headers;
  return principalFromRequest(
    {
      get(name) {
        if (name === "authorization" && token !== undefined) return `Bearer ${typeof token === "string" ? token : ""}`;
        const value = headers[name];
        return Array.isArray(value) ? value.join(", ") : (value ?? null);
      },
    },
    clientIp(socket.request) ?? null,
  );
}

/**
 * Sockets opened with an API key: when a key changes in any process (bus.ts), this process re-checks
 * its own sockets of that key and drops those that may no longer act; so does the moment a secret stops
 * working by itself (expiry, end of a rotation overlap). Joins re-check anyway.
 */
function watchKeySockets(io: IoServer) {
  const recheck = async (socket: IoSocket) => {
    if (socket.data.principal?.kind !== "apiKey") return;
    const principal = await reread(socket.data.principal, socket).catch(() => socket.data.principal);
    if (principal) socket.data.principal = principal;
    else socket.disconnect(true);
  };
  const unsubscribe = onApiKeyChanged((keyId) => {
    for (const socket of io.of("/").sockets.values()) {
      const p = socket.data.principal;
      if (p?.kind === "apiKey" && (keyId === "*" || p.key.id === keyId)) void recheck(socket);
    }
  });
  io.on("connection", (socket) => {
    const p = socket.data.principal;
    if (p.kind !== "apiKey" || !p.key.validUntil) return;
    const ms = p.key.validUntil.getTime() - Date.now() + 50;
    if (ms > 2 ** 31 - 1) return; // far away: the next join re-checks before then
    const timer = setTimeout(() => void recheck(socket), Math.max(0, ms));
    socket.once("disconnect", () => clearTimeout(timer));
  });
  return unsubscribe;
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
      const principal = await handshakePrincipal(socket);
      if (!principal) return next(new Error("unauthorized"));
      socket.data.principal = principal;
      next();
    } catch (err) {
      // A refused API key says why (our own sentence, never the token).
      if (err instanceof AppError) return next(new Error(`unauthorized: ${err.message}`));
      logger.warn({ err }, "socket handshake failed");
      next(new Error("unauthorized"));
    }
  });
  const stopWatching = watchKeySockets(io);
  httpServer.once("close", stopWatching);
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
    delta(d) {
      io.to(projectRoom(d.projectId)).emit("delta", d);
    },
  };
}
