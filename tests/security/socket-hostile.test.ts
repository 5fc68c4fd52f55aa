import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JoinReply, LiveEvent } from "@/lib/events";
import { env } from "@/server/env";
import { installEventSink, withEvents } from "@/server/events";
import { postgresEmitterSink } from "@/server/realtime";
import { orgWithRoles, sessionCookie, type OrgFixture } from "../integration/fixtures";
import { ESCAPED, startTarget, type Target } from "./http-target";
import { unreadable } from "./verdict";

// Socket.IO messages a hostile client can send after a valid handshake: join payloads of every wrong
// shape, out-of-range replay cursors, unknown events. Each join gets a reply (a readable refusal or a
// join), a refused join leaves the socket outside the room, and the server keeps serving.

let target: Target;
let fx: OrgFixture;
let cookie: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  target = await startTarget("socket-hostile");
  // A server process hears this process's events the way it hears a worker's: through Postgres.
  if (env.mode === "server") installEventSink(postgresEmitterSink());
  fx = await orgWithRoles();
  cookie = await sessionCookie(fx.people.viewer.sessionId);
}, 300_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  if (env.mode === "server") installEventSink(null);
  await target?.stop();
}, 60_000);

async function socket(): Promise<Socket> {
  const s = connect(target.url, { path: "/socket.io", transports: ["websocket"], extraHeaders: { cookie, origin: target.origin }, reconnection: false });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once("connect", () => resolve());
    s.once("connect_error", reject);
  });
  return s;
}

const pong = (message: string) =>
  withEvents((_tx, emit) =>
    emit({ orgId: fx.org.id, type: "diagnostics.pong", payload: { message, jobId: "j", enqueuedAt: new Date().toISOString(), handledAt: new Date().toISOString(), worker: "t" } }),
  );

describe("Socket.IO under hostile messages", () => {
  it("answers every malformed join with a readable refusal, and a refused socket hears nothing", async () => {
    const org = `org:${fx.org.id}`;
    const payloads: [string, unknown][] = [
      ["null", null],
      ["a number", 42],
      ["a bare string", org],
      ["an array", [org]],
      ["room as a number", { room: 5 }],
      ["room as an object", { room: { toString: "x" } }],
      ["NUL in the room", { room: `${org}\u0000` }],
      ["lone surrogate in the room", { room: `${org}\ud800` }],
      ["a 100 KB room", { room: `org:${"x".repeat(100 * 1024)}` }],
      // Deeper than this overflows socket.io-client's own encoder, before anything is sent.
      ["a 1,000-deep room", { room: JSON.parse("[".repeat(1000) + "]".repeat(1000)) }],
      ["lastSeq as a string", { room: org, lastSeq: "1 OR 1=1" }],
      ["lastSeq fractional", { room: org, lastSeq: 1.5 }],
      ["lastSeq beyond int4", { room: org, lastSeq: 1e20 }],
      ["lastSeq negative", { room: org, lastSeq: -5 }],
      ["a __proto__ key", JSON.parse(`{"__proto__":{"room":"${org}"}}`)],
    ];
    const problems: string[] = [];
    for (const [label, payload] of payloads) {
      const s = await socket();
      let reply: JoinReply;
      try {
        reply = await s.timeout(5000).emitWithAck("join", payload as never);
      } catch (err) {
        problems.push(`${label}: no reply (${(err as Error).message})`);
        continue;
      }
      const got: LiveEvent[] = [];
      s.on("event", (e: LiveEvent) => got.push(e));
      if (!reply.ok) {
        const why = unreadable(reply.error);
        if (why) problems.push(`${label}: refusal is not a readable sentence: ${why}: ${JSON.stringify(reply.error).slice(0, 200)}`);
        await pong(`after ${label}`);
        await new Promise((r) => setTimeout(r, 200));
        if (got.some((e) => (e.payload as { message?: string }).message === `after ${label}`)) problems.push(`${label}: refused, yet the socket receives the room's events`);
      }
      s.disconnect();
    }
    // The check above can see a leak: a socket that did join hears the same kind of event.
    const member = await socket();
    const heard: LiveEvent[] = [];
    member.on("event", (e: LiveEvent) => heard.push(e));
    expect(await member.timeout(5000).emitWithAck("join", { room: org })).toMatchObject({ ok: true });
    await pong("control");
    await new Promise((r) => setTimeout(r, 500));
    expect(heard.map((e) => (e.payload as { message?: string }).message)).toContain("control");
    expect(problems).toEqual([]);
  });

  it("ignores unknown events and odd leaves, and keeps serving joins", async () => {
    const s = await socket();
    s.emit("evil", { a: 1 });
    s.emit("leave", null);
    s.emit("leave", ["org:x"]);
    s.emit("join"); // no payload, no ack
    // An object whose toString is not a function: String() of it throws inside the server's handler.
    s.emit("leave" as never, { toString: 1, valueOf: 2 } as never);
    s.emit("join" as never, { room: { toString: 1 } } as never);
    await new Promise((r) => setTimeout(r, 300));
    expect(s.connected, "the socket (and the server) survived").toBe(true);
    const reply: JoinReply = await s.timeout(5000).emitWithAck("join", { room: `org:${fx.org.id}` });
    expect(reply).toMatchObject({ ok: true });
    expect((await fetch(`${target.url}/api/health`)).status).toBe(200);
    expect(target.crashes).toEqual([]);
    expect(target.output()).not.toMatch(ESCAPED);
  });
});
