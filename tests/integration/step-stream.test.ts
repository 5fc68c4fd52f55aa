import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JoinReply, LiveEvent, StepDelta } from "@/lib/events";
import { LIVE_INPUT_LIMIT, stepDeltas } from "@/server/agents/step-stream";
import { db } from "@/server/db";
import { authSecret } from "@/server/env";
import { installEventSink } from "@/server/events";
import { parseLlmConfig } from "@/server/llm/config";
import { generateWith, type StreamDelta } from "@/server/llm/gateway";
import { createOfflineModel } from "@/server/llm/offline";
import { createProviderRegistry } from "@/server/llm/registry";
import { attachRealtime, ioSink, type IoServer } from "@/server/realtime";
import { orgWithRoles, type OrgFixture } from "./fixtures";

// Live agent steps over a real Socket.IO server: a streamed model step (the offline model, streaming its
// answer over 600 ms) reaches a browser-like client in the project room as ephemeral "delta" messages —
// coalesced, numbered in order, no seq, never on the stored "event" channel — that add up to the answer.

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

async function member(sessionId: string): Promise<Socket> {
  const cookie = `next-auth.session-token=${await encode({ token: { sid: sessionId }, secret: authSecret() })}`;
  const s = connect(url, { path: "/socket.io", transports: ["websocket"], extraHeaders: { cookie }, reconnection: false });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once("connect", () => resolve());
    s.once("connect_error", reject);
  });
  return s;
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
};

const offlineRegistry = (delayMs: number) =>
  createProviderRegistry(parseLlmConfig({}), { offlineModel: () => createOfflineModel({ delayMs }) });

describe("agent step deltas over Socket.IO", () => {
  it("reach the project room coalesced and in order, add up to the answer, and are never stored events", async () => {
    const s = await member(fx.people.viewer.sessionId);
    const reply: JoinReply = await s.timeout(5000).emitWithAck("join", { room: `project:${fx.project.id}` });
    expect(reply).toEqual({ ok: true, replayed: 0 });
    const deltas: StepDelta[] = [];
    const events: LiveEvent[] = [];
    s.on("delta", (d: StepDelta) => deltas.push(d));
    s.on("event", (e: LiveEvent) => events.push(e));

    const ref = { projectId: fx.project.id, taskId: "task-live", taskKey: "page", runId: "run-live", step: 3 };
    const send = stepDeltas(ref);
    const pieces: StreamDelta[] = [];
    const res = await generateWith(offlineRegistry(600), {
      purpose: "chat",
      tier: "fast",
      system: '<aios purpose="chat"/>',
      messages: [{ role: "user", content: "hello" }],
      scope: { orgId: fx.org.id },
      onDelta: (d) => {
        pieces.push(d);
        send(d);
      },
    });
    await until(() => deltas.map((d) => d.text ?? "").join("") === res.text);

    expect(res.text.length).toBeGreaterThan(200);
    // Several messages while the answer streamed, but far fewer than the model's pieces.
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.length).toBeLessThan(pieces.length);
    expect(deltas.map((d) => d.n)).toEqual(deltas.map((_, i) => i + 1));
    for (const d of deltas) {
      expect(d).toMatchObject(ref);
      expect(d).not.toHaveProperty("seq");
    }
    // Nothing about the step went to the stored stream: the llm.call event is the org's, not this room's.
    expect(events).toEqual([]);
    expect(await db.event.count({ where: { projectId: fx.project.id } })).toBe(0);
  });

  it("sends tool inputs as they are written and a reset when an attempt starts over", async () => {
    const s = await member(fx.people.member.sessionId);
    await s.timeout(5000).emitWithAck("join", { room: `project:${fx.project.id}` });
    const deltas: StepDelta[] = [];
    s.on("delta", (d: StepDelta) => deltas.push(d));

    const send = stepDeltas({ projectId: fx.project.id, taskId: "task-tools", taskKey: "api", runId: "run-tools", step: 1 });
    send({ type: "text", text: "Writing the server." });
    send({ type: "tool-input-start", toolCallId: "c1", toolName: "write_file" });
    send({ type: "tool-input", toolCallId: "c1", delta: '{"path":"server.js",' });
    await until(() => deltas.length === 1);
    send({ type: "tool-input", toolCallId: "c1", delta: '"content":"hi"}' });
    await until(() => deltas.length === 2);
    send({ type: "text", text: "lost with the failed attempt" });
    send({ type: "reset" });
    send({ type: "text", text: "Again." });
    await until(() => deltas.length === 3);

    expect(deltas[0]).toMatchObject({ n: 1, text: "Writing the server.", tools: [{ toolCallId: "c1", toolName: "write_file", input: '{"path":"server.js",' }] });
    expect(deltas[1]).toMatchObject({ n: 2, tools: [{ toolCallId: "c1", toolName: "write_file", input: '"content":"hi"}' }] });
    expect(deltas[1]).not.toHaveProperty("text");
    expect(deltas[2]).toEqual(expect.objectContaining({ n: 3, reset: true, text: "Again." }));

    // A huge input (a model writing a 1 MB file) is sent live only up to LIVE_INPUT_LIMIT characters.
    send({ type: "tool-input-start", toolCallId: "c2", toolName: "write_file" });
    for (let i = 0; i < 100; i++) send({ type: "tool-input", toolCallId: "c2", delta: "y".repeat(10_000) });
    await until(() => deltas.length === 4);
    await new Promise((r) => setTimeout(r, 200));
    expect(deltas.length).toBe(4);
    expect(deltas[3]!.tools).toEqual([{ toolCallId: "c2", toolName: "write_file", input: "y".repeat(LIVE_INPUT_LIMIT) }]);
  });
});
