// The OpenAI-compatible routes (/api/v1/*) on a loopback HTTP server, behind the same request wrapper as
// server.ts (withRequestContext: request ids, JSON-only, body limits, origin checks), the way Next runs a
// route handler: a web Request whose signal aborts when the client goes away, and a body read until the
// client stops reading. Used by the endpoint's integration test and by `npm run bench -- gateway`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { withRequestContext } from "@/server/boot/http";
import { env } from "@/server/env";

type Route = (req: Request, ctx: { params: Promise<Record<string, unknown>> }) => Promise<Response> | Response;
type RouteModule = Partial<Record<string, Route>>;

async function routeFor(path: string): Promise<{ mod: RouteModule; params: Record<string, unknown> } | null> {
  if (path === "/api/v1/chat/completions") return { mod: (await import("@/app/api/v1/chat/completions/route")) as unknown as RouteModule, params: {} };
  if (path === "/api/v1/models") return { mod: (await import("@/app/api/v1/models/route")) as unknown as RouteModule, params: {} };
  if (path.startsWith("/api/v1/models/")) {
    const model = path.slice("/api/v1/models/".length).split("/").map(decodeURIComponent);
    return { mod: (await import("@/app/api/v1/models/[...model]/route")) as unknown as RouteModule, params: { model } };
  }
  return null;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const gone = new AbortController();
  // Next aborts request.signal when the client disconnects before the response is finished.
  res.on("close", () => {
    if (!res.writableFinished) gone.abort();
  });
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } catch {
    return; // the HTTP layer cut an oversized body off and has answered already
  }
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const method = (req.method ?? "GET").toUpperCase();
  const found = await routeFor(url.pathname);
  const fn = found?.mod[method];
  if (!fn) return void res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "No such route.", type: "invalid_request_error", param: null, code: null } }));
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  const body = method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks);
  const response = await fn(new Request(url, { method, headers, body, signal: gone.signal }), { params: Promise.resolve(found!.params) });
  const out: Record<string, string> = {};
  response.headers.forEach((v, k) => (out[k] = v));
  res.writeHead(response.status, out);
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      if (res.destroyed) {
        await reader.cancel();
        break;
      }
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
  }
  res.end();
}

export type V1Server = { url: string; server: Server; close: () => Promise<void> };

export async function startV1Server(): Promise<V1Server> {
  const server = createServer(
    withRequestContext(
      (req, res) =>
        void handle(req, res).catch((err: unknown) => {
          // A route handler that throws is a bug: answer as Next would (a bare 500) and let the test see it.
          if (!res.headersSent) res.writeHead(500).end(String(err));
        }),
      {
      trustProxy: false,
      publicUrl: env.publicUrl,
      allowedOrigins: env.AIOS_ALLOWED_ORIGINS,
      bodyLimits: { default: env.AIOS_MAX_BODY_BYTES, chat: env.AIOS_MAX_CHAT_BODY_BYTES },
        dev: false,
      },
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
