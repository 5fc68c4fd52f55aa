// Where the battery sends its requests: real HTTP to a server that shares this process's database, so
// every case can be checked against the rows it changed.
// - native Postgres (integration-pg): a real server process (`server.ts --role=web`, the Next.js stack as
//   deployed, no workers so nothing changes behind the battery's back) on the test database;
// - PGlite (integration-pglite): the database lives in this process, so a loopback HTTP server here runs
//   the app's own route handlers behind the same request wrapper as server.ts (withRequestContext), with
//   Socket.IO attached as server.ts attaches it. (Pages and NextAuth need Next itself: route-handlers.test.ts
//   starts a real embedded server for those.)
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { withRequestContext } from "@/server/boot/http";
import { installEventSink } from "@/server/events";
import { attachRealtime, ioSink } from "@/server/realtime";
import { authSecret, env } from "@/server/env";
import { recordSecret, securityDir } from "../helpers/secret-registry";
import { startServer } from "../helpers/server-process";

/** What a process prints when a promise or exception escaped every handler. */
export const ESCAPED = /unhandledRejection|uncaughtException|Unhandled promise rejection/i;

export type Target = {
  kind: "server process" | "in-process route handlers";
  url: string;
  /** The origin the server treats as its own (state-changing requests must name it). */
  origin: string;
  /** Handler crashes seen by the in-process server (a real process would answer them with a 500). */
  crashes: string[];
  /** What a server process printed so far (empty in process: the logger capture has that). */
  output: () => string;
  stop: () => Promise<void>;
};

export async function startTarget(name: string): Promise<Target> {
  return env.mode === "server" ? serverProcess(name) : inProcess();
}

async function serverProcess(name: string): Promise<Target> {
  const logFile = join(securityDir(), `${name}.server-process.log`);
  writeFileSync(logFile, "");
  recordSecret("secret", authSecret());
  const server = await startServer({
    databaseUrl: env.DATABASE_URL!,
    args: ["--role=web"],
    logFile,
    // The same workspace folder as this process, so files the tests write are the server's too.
    dataDir: env.dataDir,
    // Each case sends its own X-Forwarded-For, so per-address rate limits do not end the battery early.
    env: { NEXTAUTH_SECRET: authSecret(), AIOS_TRUST_PROXY: "1", LOG_LEVEL: "info" },
    readyTimeoutMs: 120_000,
  });
  return { kind: "server process", url: server.url, origin: server.url, crashes: [], output: () => readFileSync(logFile, "utf8"), stop: server.stop };
}

type RouteModule = Record<string, (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> | Response>;

/** The app's route handlers by path, as Next's router would pick them. */
async function route(pathname: string): Promise<{ mod: RouteModule; params: Record<string, string> } | null> {
  if (pathname.startsWith("/api/trpc/")) return { mod: (await import("@/app/api/trpc/[trpc]/route")) as unknown as RouteModule, params: { trpc: pathname.slice(10) } };
  if (pathname === "/api/chat") return { mod: (await import("@/app/api/chat/route")) as unknown as RouteModule, params: {} };
  if (pathname === "/api/health") return { mod: (await import("@/app/api/health/route")) as unknown as RouteModule, params: {} };
  if (pathname === "/api/health/ready") return { mod: (await import("@/app/api/health/ready/route")) as unknown as RouteModule, params: {} };
  if (pathname === "/api/v1/chat/completions") return { mod: (await import("@/app/api/v1/chat/completions/route")) as unknown as RouteModule, params: {} };
  if (pathname === "/api/v1/models") return { mod: (await import("@/app/api/v1/models/route")) as unknown as RouteModule, params: {} };
  if (pathname.startsWith("/api/v1/models/")) {
    const model = pathname.slice("/api/v1/models/".length).split("/").map(decodeURIComponent);
    return { mod: (await import("@/app/api/v1/models/[...model]/route")) as unknown as RouteModule, params: { model } as unknown as Record<string, string> };
  }
  const zip = /^\/api\/projects\/([^/]+)\/zip$/.exec(pathname);
  if (zip) return { mod: (await import("@/app/api/projects/[projectId]/zip/route")) as unknown as RouteModule, params: { projectId: decodeURIComponent(zip[1]!) } };
  return null;
}

async function inProcess(): Promise<Target> {
  const crashes: string[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      // The HTTP layer cut the body off (over the limit) and has answered already, as Next would find it.
      if (!res.headersSent) res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "The request body could not be read." }));
      return;
    }
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const found = await route(url.pathname);
    const method = (req.method ?? "GET").toUpperCase();
    const fn = found?.mod[method];
    if (!found || !fn) {
      res.writeHead(found ? 405 : 404, { "content-type": "application/json" }).end(JSON.stringify({ error: found ? "Method not allowed." : "Not found." }));
      return;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    const body = method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks);
    let response: Response;
    try {
      response = await fn(new Request(url, { method, headers, body }), { params: Promise.resolve(found.params) });
    } catch (err) {
      // Next answers an exception escaping a route handler with a bare 500; so do we, and remember it.
      crashes.push(`${method} ${url.pathname}: ${(err as Error).message}`);
      res.writeHead(500, { "content-type": "text/plain" }).end("Internal Server Error");
      return;
    }
    const out: Record<string, string | string[]> = {};
    response.headers.forEach((v, k) => (out[k] = v));
    const cookies = response.headers.getSetCookie();
    if (cookies.length) out["set-cookie"] = cookies;
    res.writeHead(response.status, out);
    if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
    res.end();
  };
  // The options server.ts passes, except that X-Forwarded-For is trusted (see clientAddress).
  const server = createServer(
    withRequestContext(handle, {
      trustProxy: true,
      publicUrl: env.publicUrl,
      allowedOrigins: env.AIOS_ALLOWED_ORIGINS,
      bodyLimits: { default: env.AIOS_MAX_BODY_BYTES, chat: env.AIOS_MAX_CHAT_BODY_BYTES },
      dev: false,
    }),
  );
  // Socket.IO on the same port, as server.ts attaches it.
  const io = await attachRealtime(server);
  installEventSink(ioSink(io));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    kind: "in-process route handlers",
    url,
    origin: env.publicUrl,
    crashes,
    output: () => "",
    stop: async () => {
      installEventSink(null);
      await io.close(); // also closes the HTTP server
    },
  };
}

/** A distinct client address per case (the target trusts X-Forwarded-For), so rate limits stay per case. */
export function clientAddress(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** How many log lines a battery captured (for its figures). */
export function logLines(target: Target | undefined, logs: { lines: () => number } | undefined): string {
  const server = target?.kind === "server process" ? `, ${target.output().split("\n").length - 1} server log lines` : "";
  return `${logs?.lines() ?? 0} in-process log lines${server}`;
}
