import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppRouter } from "@/server/api";
import { withRequestContext } from "@/server/boot/http";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { installEventSink } from "@/server/events";
import { attachRealtime, ioSink, type IoServer } from "@/server/realtime";
import { ensureWorkspace, writeFile } from "@/server/workspace";
import { recordSecret } from "../helpers/secret-registry";
import { issueKey } from "./api-keys-helpers";
import { callerAs, orgWithRoles } from "./fixtures";

// API keys over real HTTP and Socket.IO: a loopback server running the app's route handlers (tRPC, chat,
// zip) behind the same request wrapper as server.ts, with Socket.IO attached as server.ts attaches it.
// Create → use everywhere → rotate with overlap → revoke → the next request and the live socket refused.

type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function routeFor(path: string): Promise<{ fn: Record<string, Route>; params: Record<string, string> } | null> {
  if (path.startsWith("/api/trpc/")) return { fn: (await import("@/app/api/trpc/[trpc]/route")) as unknown as Record<string, Route>, params: { trpc: path.slice(10) } };
  if (path === "/api/chat") return { fn: (await import("@/app/api/chat/route")) as unknown as Record<string, Route>, params: {} };
  const zip = /^\/api\/projects\/([^/]+)\/zip$/.exec(path);
  if (zip) return { fn: (await import("@/app/api/projects/[projectId]/zip/route")) as unknown as Record<string, Route>, params: { projectId: zip[1]! } };
  return null;
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const method = (req.method ?? "GET").toUpperCase();
  const found = await routeFor(url.pathname);
  const fn = found?.fn[method];
  if (!found || !fn) return void res.writeHead(404).end();
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  const response = await fn(new Request(url, { method, headers, body: method === "GET" ? undefined : Buffer.concat(chunks) }), { params: Promise.resolve(found.params) });
  const out: Record<string, string> = {};
  response.headers.forEach((v, k) => (out[k] = v));
  res.writeHead(response.status, out);
  if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
  res.end();
}

let io: IoServer;
let url: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  const server = createServer(
    withRequestContext((req, res) => void handle(req, res), {
      trustProxy: false,
      publicUrl: env.publicUrl,
      allowedOrigins: env.AIOS_ALLOWED_ORIGINS,
      bodyLimits: { default: env.AIOS_MAX_BODY_BYTES, chat: env.AIOS_MAX_CHAT_BODY_BYTES },
      dev: false,
    }),
  );
  io = await attachRealtime(server);
  installEventSink(ioSink(io));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  installEventSink(null);
  await io.close();
});

const trpc = (secret: string) =>
  createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/api/trpc`, transformer: superjson, headers: { authorization: `Bearer ${secret}` } })] });

async function trpcError(call: () => Promise<unknown>): Promise<{ status?: number; message: string } | "OK"> {
  try {
    await call();
    return "OK";
  } catch (err) {
    if (!(err instanceof TRPCClientError)) throw err;
    return { status: (err.data as { httpStatus?: number } | undefined)?.httpStatus, message: err.message };
  }
}

function socketWith(token: unknown): Socket {
  const s = connect(url, { path: "/socket.io", transports: ["websocket"], auth: { token }, reconnection: false });
  sockets.push(s);
  return s;
}

const connected = (s: Socket) =>
  new Promise<void>((resolve, reject) => {
    s.once("connect", () => resolve());
    s.once("connect_error", (err) => reject(err));
  });

const chat = (secret: string, orgId: string, text: string) =>
  fetch(`${url}/api/chat`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: JSON.stringify({ id: `chat-${Math.random().toString(36).slice(2, 10)}`, orgId, messages: [{ id: "m-1", role: "user", parts: [{ type: "text", text }] }] }),
  });

describe("API keys over HTTP and Socket.IO", () => {
  it("one key works for tRPC, chat, the zip download and the socket; rotation overlaps; revoke refuses everywhere at once", async () => {
    const fx = await orgWithRoles();
    const owner = await fx.people.owner.principal();
    const { key, secret } = await issueKey(owner, fx.org.id);
    const root = await ensureWorkspace(fx.project.id);
    await writeFile(root, "README.md", "# Stock prices\n");

    // tRPC query and mutation (a mutation with a bearer key needs no Origin: a page cannot forge it).
    expect((await trpc(secret).projects.list.query({ orgId: fx.org.id })).map((p) => p.id)).toContain(fx.project.id);
    expect(await trpc(secret).diagnostics.ping.mutate({ orgId: fx.org.id, message: "over http" })).toBeTruthy();

    const zip = await fetch(`${url}/api/projects/${fx.project.id}/zip`, { headers: { authorization: `Bearer ${secret}` } });
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");

    const reply = await chat(secret, fx.org.id, "What can you do?");
    expect(reply.status).toBe(200);
    await reply.text();
    expect(await db.conversation.count({ where: { orgId: fx.org.id, userId: fx.people.owner.user.id } })).toBe(1);

    // Socket.IO: the handshake's auth.token; rooms checked as for a session.
    const live = socketWith(secret);
    await connected(live);
    expect(await live.timeout(5000).emitWithAck("join", { room: `project:${fx.project.id}` })).toEqual({ ok: true, replayed: 0 });

    // Rotate with a one-hour overlap: the old secret still works everywhere, the live socket stays.
    const rotated = await trpc(secret).apiKeys.rotate.mutate({ orgId: fx.org.id, keyId: key.id, overlapHours: 1 });
    recordSecret("secret", rotated.secret);
    expect(await trpcError(() => trpc(secret).projects.list.query({ orgId: fx.org.id }))).toBe("OK");
    expect(await trpcError(() => trpc(rotated.secret).projects.list.query({ orgId: fx.org.id }))).toBe("OK");
    expect(live.connected).toBe(true);
    const viaNew = socketWith(rotated.secret);
    await connected(viaNew);

    // Rotate again without overlap: the socket on the replaced secret is dropped at once.
    const droppedOld = new Promise<string>((r) => live.once("disconnect", r));
    const final = await trpc(rotated.secret).apiKeys.rotate.mutate({ orgId: fx.org.id, keyId: key.id, overlapHours: 0 });
    recordSecret("secret", final.secret);
    expect(await droppedOld).toBe("io server disconnect");
    expect(await trpcError(() => trpc(rotated.secret).projects.list.query({ orgId: fx.org.id }))).toEqual({
      status: 401,
      message: "This API key was rotated and this secret no longer works. Use the new secret.",
    });
    const current = socketWith(final.secret);
    await connected(current);

    // Revoke (by the owner's session): the next request of every kind is refused, live sockets dropped.
    const dropped = new Promise<string>((r) => current.once("disconnect", r));
    await (await callerAs(owner)).apiKeys.revoke({ orgId: fx.org.id, keyId: key.id });
    expect(await dropped).toBe("io server disconnect");
    const revoked = "This API key was revoked. Create a new key.";
    expect(await trpcError(() => trpc(final.secret).projects.list.query({ orgId: fx.org.id }))).toEqual({ status: 401, message: revoked });
    expect(await trpcError(() => trpc(final.secret).setup.status.query())).toEqual({ status: 401, message: revoked });
    const zipAfter = await fetch(`${url}/api/projects/${fx.project.id}/zip`, { headers: { authorization: `Bearer ${final.secret}` } });
    expect([zipAfter.status, await zipAfter.json()]).toEqual([401, { error: revoked }]);
    const chatAfter = await chat(final.secret, fx.org.id, "Still there?");
    expect([chatAfter.status, await chatAfter.json()]).toEqual([401, { error: revoked }]);
    await expect(connected(socketWith(final.secret))).rejects.toThrow(`unauthorized: ${revoked}`);
  });

  it("malformed bearer tokens get a readable 401 on every surface", async () => {
    const fx = await orgWithRoles();
    for (const token of ["not-a-key", "aios_sk_tooshort"]) {
      const got = await trpcError(() => trpc(token).projects.list.query({ orgId: fx.org.id }));
      expect(got).toMatchObject({ status: 401, message: expect.stringContaining("not an AIOS API key") });
      const zip = await fetch(`${url}/api/projects/${fx.project.id}/zip`, { headers: { authorization: `Bearer ${token}` } });
      expect(zip.status).toBe(401);
      expect((await zip.json()).error).toContain("not an AIOS API key");
      const reply = await chat(token, fx.org.id, "hi");
      expect(reply.status).toBe(401);
      await expect(connected(socketWith(token))).rejects.toThrow(/unauthorized: .*not an AIOS API key/);
    }
    await expect(connected(socketWith(""))).rejects.toThrow(/unauthorized: The Authorization header must be/);
    await expect(connected(socketWith({ evil: true }))).rejects.toThrow(/unauthorized/);
  });

  it("a socket's key loses its rooms when the creator's role changes, at the next join", async () => {
    const fx = await orgWithRoles();
    const { secret } = await issueKey(await fx.people.member.principal(), fx.org.id, { scopes: ["org:read", "projects:read"] });
    const s = socketWith(secret);
    await connected(s);
    expect((await s.timeout(5000).emitWithAck("join", { room: `org:${fx.org.id}` })).ok).toBe(true);
    await db.membership.update({ where: { orgId_userId: { orgId: fx.org.id, userId: fx.people.member.user.id } }, data: { status: "disabled" } });
    const reply = await s.timeout(5000).emitWithAck("join", { room: `project:${fx.project.id}` });
    expect(reply).toEqual({ ok: false, error: "This API key no longer works (revoked, rotated, expired, or its creator lost access)." });
  });
});
