import { spawn } from "node:child_process";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveEvent } from "@/lib/events";
import { authSecret, env } from "@/server/env";
import { orgWithRoles, type OrgFixture } from "../integration/fixtures";
import { startServer, type RunningServer } from "../helpers/server-process";
import { startWorker, type WorkerProcess } from "../helpers/worker-process";

// Server mode as deployed: two web processes and a worker process on one Postgres. A job enqueued
// through web A is run by the worker, whose event reaches a browser connected to web B.

const root = new URL("../..", import.meta.url).pathname;
const processEnv = (): NodeJS.ProcessEnv => ({ ...process.env, NODE_ENV: "production" as const, DATABASE_URL: env.DATABASE_URL!, NEXTAUTH_SECRET: authSecret(), LOG_LEVEL: "info" });

let webA: RunningServer;
let webB: RunningServer;
let worker: WorkerProcess;
let fx: OrgFixture;
let cookie: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  fx = await orgWithRoles();
  cookie = `next-auth.session-token=${await encode({ token: { sid: fx.people.admin.sessionId }, secret: authSecret() })}`;
  const opts = { databaseUrl: env.DATABASE_URL!, args: ["--role=web"], env: { NEXTAUTH_SECRET: authSecret() } };
  [webA, webB, worker] = await Promise.all([startServer(opts), startServer(opts), startWorker(processEnv())]);
}, 240_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await Promise.all([webA?.stop(), webB?.stop(), worker?.stop()]);
}, 60_000);

describe("server mode", () => {
  it("runs a job enqueued on one web node in a worker process and delivers its event through another web node", async () => {
    const socket = connect(webB.url, { path: "/socket.io", transports: ["websocket"], extraHeaders: { cookie }, reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    expect(await socket.timeout(5000).emitWithAck("join", { room: `org:${fx.org.id}` })).toMatchObject({ ok: true });
    const arrived = new Promise<LiveEvent>((resolve) =>
      socket.on("event", (e: LiveEvent) => {
        if ((e.payload as { message?: string }).message === "across nodes") resolve(e);
      }),
    );

    const res = await fetch(`${webA.url}/api/trpc/diagnostics.ping`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: webA.url },
      body: JSON.stringify({ json: { orgId: fx.org.id, message: "across nodes" } }),
    });
    expect(res.status).toBe(200);
    const { jobId } = (await res.json()).result.data.json;

    const event = await arrived;
    expect(event).toMatchObject({ type: "diagnostics.pong", stream: `org:${fx.org.id}`, payload: { jobId } });
    // Handled by the worker process, not by either web process.
    expect((event.payload as { worker: string }).worker).toMatch(new RegExp(`:${worker.child.pid}$`));
  }, 60_000);

  it("refuses to start without pgvector and says how to get it", async () => {
    const admin = new pg.Client({ connectionString: env.DATABASE_URL });
    await admin.connect();
    const db = `aios_novector_${process.pid}`;
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${db}`);
      await admin.query(`DROP ROLE IF EXISTS aios_novector`);
      await admin.query(`CREATE ROLE aios_novector LOGIN NOSUPERUSER`);
      await admin.query(`CREATE DATABASE ${db} OWNER aios_novector`);
      const url = new URL(env.DATABASE_URL!);
      url.username = "aios_novector";
      url.password = "";
      url.pathname = `/${db}`;
      // A non-superuser cannot create the (untrusted) vector extension: the same as pgvector missing.
      const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/register.mjs", "server.ts", "--role=worker"], {
        cwd: root,
        env: { ...processEnv(), DATABASE_URL: url.toString() },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
      child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
      const code = await new Promise<number | null>((r) => child.once("exit", r));
      expect(code).toBe(1);
      expect(output).toContain("AIOS could not start");
      expect(output).toMatch(/pgvector/);
      expect(output).toMatch(/provision-pgvector\.sh|CREATE EXTENSION vector/);
      expect(output).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${db}`);
      await admin.query(`DROP ROLE IF EXISTS aios_novector`);
      await admin.end();
    }
  }, 60_000);
});
