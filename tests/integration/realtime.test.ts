import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JoinReply, LiveEvent } from "@/lib/events";
import { authSecret } from "@/server/env";
import { installEventSink, revokeUserConnections, withEvents } from "@/server/events";
import { attachRealtime, ioSink, type IoServer } from "@/server/realtime";
import { orgWithRoles, type OrgFixture } from "./fixtures";

// A real Socket.IO server on a loopback port and real clients: handshake auth, room permission
// checks, replay by seq, and revocation.

let http: Server;
let io: IoServer;
let url: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  http = createServer();
  io = await attachRealtime(http);
  installEventSink(ioSink(io));
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  installEventSink(null);
  await io.close();
});

async function client(sessionId: string | null): Promise<Socket> {
  const headers: Record<string, string> = {};
  if (sessionId) headers.cookie = `next-auth.session-token=${await encode({ token: { sid: sessionId }, secret: authSecret() })}`;
  const s = connect(url, { path: "/socket.io", transports: ["websocket"], extraHeaders: headers, reconnection: false });
  sockets.push(s);
  return s;
}

function connected(s: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    s.once("connect", () => resolve());
    s.once("connect_error", (err) => reject(err));
  });
}

function join(s: Socket, room: string, lastSeq?: number): Promise<JoinReply> {
  return s.timeout(5000).emitWithAck("join", { room, lastSeq });
}

function collect(s: Socket): LiveEvent[] {
  const got: LiveEvent[] = [];
  s.on("event", (e: LiveEvent) => got.push(e));
  return got;
}

const pong = (fx: OrgFixture, message: string) =>
  withEvents((_tx, emit) =>
    emit({
      orgId: fx.org.id,
      type: "diagnostics.pong",
      payload: { message, jobId: "j", enqueuedAt: new Date().toISOString(), handledAt: new Date().toISOString(), worker: "t" },
    }),
  );

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("live events over Socket.IO", () => {
  it("refuses a handshake without a valid session", async () => {
    await expect(connected(await client(null))).rejects.toThrow("unauthorized");
    await expect(connected(await client("no-such-session"))).rejects.toThrow("unauthorized");
  });

  it("joins rooms only with permission: another org's rooms stay closed", async () => {
    const fx = await orgWithRoles();
    const viewer = await client(fx.people.viewer.sessionId);
    await connected(viewer);
    expect(await join(viewer, `org:${fx.org.id}`)).toEqual({ ok: true, replayed: 0 });
    expect(await join(viewer, `project:${fx.project.id}`)).toEqual({ ok: true, replayed: 0 });

    const outsider = await client(fx.people.outsider.sessionId);
    await connected(outsider);
    const refused = await join(outsider, `org:${fx.org.id}`);
    expect(refused.ok).toBe(false);
    expect((await join(outsider, `project:${fx.project.id}`)).ok).toBe(false);
    expect((await join(outsider, `user:${fx.people.viewer.user.id}`)).ok).toBe(false);

    const seen = collect(outsider);
    const viewerSeen = collect(viewer);
    await pong(fx, "private");
    await until(() => viewerSeen.length === 1);
    expect(seen).toHaveLength(0);
  });

  it("replays what a client missed after its last seq, then streams live", async () => {
    const fx = await orgWithRoles();
    for (const m of ["a", "b", "c"]) await pong(fx, m);
    const s = await client(fx.people.member.sessionId);
    await connected(s);
    const got = collect(s);
    expect(await join(s, `org:${fx.org.id}`, 1)).toEqual({ ok: true, replayed: 2 });
    await pong(fx, "d");
    await until(() => got.length === 3);
    expect(got.map((e) => [e.seq, (e.payload as { message: string }).message])).toEqual([
      [2, "b"],
      [3, "c"],
      [4, "d"],
    ]);
  });

  it("drops a user's sockets when their access changes, and re-checks on the next join", async () => {
    const fx = await orgWithRoles();
    const s = await client(fx.people.member.sessionId);
    await connected(s);
    expect((await join(s, `org:${fx.org.id}`)).ok).toBe(true);
    const dropped = new Promise<string>((r) => s.once("disconnect", r));
    const { db } = await import("@/server/db");
    await db.membership.update({
      where: { orgId_userId: { orgId: fx.org.id, userId: fx.people.member.user.id } },
      data: { status: "disabled" },
    });
    await revokeUserConnections(fx.people.member.user.id);
    expect(await dropped).toBe("io server disconnect");
    s.connect();
    await connected(s);
    expect((await join(s, `org:${fx.org.id}`)).ok).toBe(false);
  });
});
