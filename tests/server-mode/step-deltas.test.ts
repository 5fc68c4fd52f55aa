import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StepDelta } from "@/lib/events";
import { stepDeltas } from "@/server/agents/step-stream";
import { authSecret } from "@/server/env";
import { installEventSink } from "@/server/events";
import { attachRealtime, postgresEmitterSink, type IoServer } from "@/server/realtime";
import { orgWithRoles, type OrgFixture } from "../integration/fixtures";

// Server mode: agents run in worker processes, which have no Socket.IO server and send through the
// Postgres emitter (NOTIFY). Step deltas take that path too: emitted through postgresEmitterSink, they
// reach a browser connected to a web node (a Socket.IO server with the Postgres adapter), in order.

let http: Server;
let io: IoServer;
let url: string;
let fx: OrgFixture;
const sockets: Socket[] = [];

beforeAll(async () => {
  http = createServer();
  io = await attachRealtime(http);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  // This process plays the worker: its deltas leave through Postgres, not through `io`.
  installEventSink(postgresEmitterSink());
  fx = await orgWithRoles();
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  installEventSink(null);
  await io.close();
});

describe("step deltas in server mode", () => {
  it("reach a browser on a web node through the Postgres emitter, in order and whole", async () => {
    const cookie = `next-auth.session-token=${await encode({ token: { sid: fx.people.member.sessionId }, secret: authSecret() })}`;
    const s = connect(url, { path: "/socket.io", transports: ["websocket"], extraHeaders: { cookie }, reconnection: false });
    sockets.push(s);
    await new Promise<void>((resolve, reject) => {
      s.once("connect", () => resolve());
      s.once("connect_error", reject);
    });
    expect(await s.timeout(5000).emitWithAck("join", { room: `project:${fx.project.id}` })).toMatchObject({ ok: true });
    const got: StepDelta[] = [];
    s.on("delta", (d: StepDelta) => got.push(d));

    const send = stepDeltas({ projectId: fx.project.id, taskId: "t1", taskKey: "page", runId: "r1", step: 2 });
    const words = "The page lists three symbols with their latest prices, refreshed every minute.".split(/(?<= )/);
    // A long tool input too: over NOTIFY's 8000-byte payload, the emitter goes through its attachment table.
    const content = "x".repeat(12_000);
    for (const w of words) {
      send({ type: "text", text: w });
      await new Promise((r) => setTimeout(r, 15));
    }
    send({ type: "tool-input-start", toolCallId: "c1", toolName: "write_file" });
    send({ type: "tool-input", toolCallId: "c1", delta: JSON.stringify({ path: "index.html", content }) });

    const end = Date.now() + 10_000;
    while (got.map((d) => d.tools?.[0]?.input ?? "").join("").length < content.length && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(got.map((d) => d.text ?? "").join("")).toBe(words.join(""));
    expect(got.map((d) => d.n)).toEqual(got.map((_, i) => i + 1));
    expect(got.length).toBeGreaterThan(2);
    expect(JSON.parse(got.flatMap((d) => d.tools ?? []).map((t) => t.input).join(""))).toEqual({ path: "index.html", content });
  });
});
