import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authSecret, env } from "@/server/env";
import { installEventSink, withEvents } from "@/server/events";
import { attachRealtime, ioSink, type IoServer } from "@/server/realtime";
import { orgWithRoles, type OrgFixture } from "./fixtures";

// Cross-site WebSocket hijacking: a handshake that names a foreign Origin is refused before it
// authenticates, so it never joins a room, with the victim's cookie in hand or not.

let http: Server;
let io: IoServer;
let url: string;
let fx: OrgFixture;
const sockets: Socket[] = [];

beforeAll(async () => {
  http = createServer();
  io = await attachRealtime(http);
  installEventSink(ioSink(io));
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  fx = await orgWithRoles();
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  installEventSink(null);
  await io.close();
});

async function attempt(origin: string | null, transport: "websocket" | "polling"): Promise<{ connected: boolean; error?: string; events: number }> {
  const headers: Record<string, string> = {
    cookie: `next-auth.session-token=${await encode({ token: { sid: fx.people.admin.sessionId }, secret: authSecret() })}`,
  };
  if (origin) headers.origin = origin;
  const s = connect(url, { path: "/socket.io", transports: [transport], extraHeaders: headers, reconnection: false, forceNew: true });
  sockets.push(s);
  let events = 0;
  s.on("event", () => events++);
  const outcome = await new Promise<{ connected: boolean; error?: string }>((resolve) => {
    s.once("connect", () => resolve({ connected: true }));
    s.once("connect_error", (err) => resolve({ connected: false, error: err.message }));
  });
  if (outcome.connected) {
    expect(await s.timeout(5000).emitWithAck("join", { room: `org:${fx.org.id}` })).toMatchObject({ ok: true });
  }
  await withEvents((_tx, emit) => emit({ orgId: fx.org.id, type: "diagnostics.pong", payload: { message: "secret plans", jobId: "j", enqueuedAt: new Date().toISOString(), handledAt: new Date().toISOString(), worker: "w" } }));
  await new Promise((r) => setTimeout(r, 300));
  s.disconnect();
  return { ...outcome, events };
}

describe("Socket.IO handshake origin check", () => {
  it("refuses foreign origins (WebSocket and long-polling) and admits the app's own", async () => {
    const own = new URL(env.publicUrl).origin;
    const results: Record<string, Awaited<ReturnType<typeof attempt>>> = {};
    for (const transport of ["websocket", "polling"] as const) {
      for (const origin of ["http://evil.example", "http://127.0.0.1:1", "null"]) {
        results[`${transport} ${origin}`] = await attempt(origin, transport);
      }
      results[`${transport} own`] = await attempt(own, transport);
      results[`${transport} none`] = await attempt(null, transport);
    }
    for (const [name, r] of Object.entries(results)) {
      if (name.endsWith(" own") || name.endsWith(" none")) expect(r, name).toMatchObject({ connected: true, events: 1 });
      else expect(r, name).toEqual({ connected: false, error: expect.any(String), events: 0 });
    }
  });
});
