// One mode of the live-delivery benchmark, run as its own process by bench/live.ts (server/env.ts
// reads process.env once per process, so embedded and server mode cannot share one):
//
//   tsx --import ./scripts/register.mjs bench/live-run.ts <baseline|embedded|server> [--clients=100]
//       [--events=200] [--warmup=20] [--pg=postgres://postgres@127.0.0.1:5432] [--memory]
//
// N socket.io-client connections (websocket only) in this process, one event published at a time;
// the next is published once every client has the previous one (or after a 5 s timeout). Latency per
// client = receive time − publish call start; publisher and clients share this process's clock.
// Prints one result line (see lib/child.ts).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { Server } from "socket.io";
import { io as connectClient, type Socket as ClientSocket } from "socket.io-client";
import { type ClientToServerEvents, type LiveEvent, type ServerToClientEvents } from "@/lib/events";
import { intOption, parseArgs } from "./lib/args";
import { emitChildResult } from "./lib/child";

export const LIVE_MODES = ["baseline", "embedded", "server"] as const;
export type LiveMode = (typeof LIVE_MODES)[number];

/** What one mode reports to bench/live.ts (all times in ms). */
export type LiveRunResult = {
  mode: LiveMode;
  describe: string;
  clients: number;
  events: number;
  warmup: number;
  /** Planned events × clients (events never sent, e.g. after an early stop, count as undelivered). */
  expected: number;
  delivered: number;
  /** Why the loop stopped before sending every event, if it did. */
  stoppedEarly: string | null;
  duplicates: number;
  timedOutEvents: number;
  payloadBytes: number;
  /** Per (client, event): receive − publish call start. */
  latencies: number[];
  /** Per event: publish call start → the sink was called (the transaction committed); 0 for the baseline. */
  commit: number[];
  /** Per event: time inside the sink's emit call (Socket.IO encoding + 100 socket writes, or queueing a NOTIFY). */
  emit: number[];
  /** Per event: publish call start → the last of the N clients received it. */
  lastClient: number[];
  /** Per event: publish call start → first client received it. */
  firstClient: number[];
  seconds: number;
};

type ClientIo = ClientSocket<ServerToClientEvents, ClientToServerEvents>;

type Harness = {
  describe: string;
  url: string;
  cookie?: string;
  room?: string;
  /** Publishes one event whose payload.jobId is `key`; resolves when the publish call returns. */
  publish(key: string): Promise<void>;
  close(): Promise<void>;
};

const EVENT_TIMEOUT_MS = 5_000;
const MESSAGE = "bench: live delivery ".padEnd(64, "."); // a fixed-size diagnostics message
const { positional, options } = parseArgs(process.argv.slice(2));
const mode = positional[0] as LiveMode;
const CLIENTS = intOption(options, "clients", 100, 1000);
const EVENTS = intOption(options, "events", 200, 5000);
const WARMUP = intOption(options, "warmup", 20, 1000);
const MAX_SECONDS = intOption(options, "max-seconds", 120, 1800); // the measuring loop stops here, done or not
const PG_BASE = options.get("pg") ?? "postgres://postgres@127.0.0.1:5432";
const BENCH_DB = "aios_bench";
const SECRET = "bench-secret-not-for-production-0123456789abcdef";

const commitAt = new Map<string, number>(); // event key → when the sink was called (after commit)
const emitMs = new Map<string, number>(); // event key → how long the sink's (synchronous) emit took

function payloadFor(key: string) {
  const now = new Date().toISOString();
  return { message: MESSAGE, jobId: key, enqueuedAt: now, handledAt: now, worker: "bench" };
}

/** Looks like a Prisma cuid (25 chars), so the baseline event has the same size as a stored one. */
const fakeCuid = () => `c${randomBytes(16).toString("hex").slice(0, 24)}`;

function listen(server: ReturnType<typeof createServer>): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

/** A bare Socket.IO server: no auth, no database, io.emit to every client. */
async function baselineHarness(): Promise<Harness> {
  const http = createServer();
  const io = new Server<Record<string, never>, ServerToClientEvents>(http, { path: "/socket.io", serveClient: false, pingInterval: 10_000 });
  const url = await listen(http);
  const orgId = fakeCuid();
  let seq = 0;
  return {
    describe: "bare Socket.IO, io.emit, no auth, no DB",
    url,
    async publish(key) {
      const event: LiveEvent = {
        id: fakeCuid(),
        stream: `org:${orgId}`,
        seq: ++seq,
        type: "diagnostics.pong",
        version: 1,
        orgId,
        projectId: null,
        payload: payloadFor(key),
        createdAt: new Date().toISOString(),
      };
      const t = performance.now();
      io.emit("event", event);
      emitMs.set(key, performance.now() - t);
    },
    close: async () => void (await io.close()),
  };
}

async function resetBenchDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${BENCH_DB}`);
  } finally {
    await admin.end();
  }
  return `${PG_BASE}/${BENCH_DB}`;
}

/** The real path: attachRealtime + withEvents, on PGlite (embedded) or Postgres with the emitter sink (server). */
async function appHarness(which: Exclude<LiveMode, "baseline">): Promise<Harness> {
  const serverMode = which !== "embedded";
  const dataDir = mkdtempSync(join(tmpdir(), "aios-bench-live-"));
  const inMemory = which === "embedded" && options.has("memory");
  // server/env.ts parses process.env once, at its first import: set everything before importing server code.
  Object.assign(process.env, {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    NEXTAUTH_SECRET: SECRET,
    AIOS_DATA_DIR: inMemory ? "memory://" : dataDir,
    DATABASE_URL: serverMode ? await resetBenchDatabase() : "",
  });

  const { db, prepareDatabase, closeDatabase } = await import("@/server/db");
  const { authSecret } = await import("@/server/env");
  const { installEventSink, withEvents } = await import("@/server/events");
  const { attachRealtime, ioSink, postgresEmitterSink } = await import("@/server/realtime");
  const { encode } = await import("next-auth/jwt");

  await prepareDatabase();
  const tag = randomBytes(4).toString("hex");
  const user = await db.user.create({ data: { email: `bench-${tag}@example.test`, name: `Bench ${tag}` } });
  const org = await db.org.create({ data: { name: `Bench ${tag}`, slug: `bench-${tag}` } });
  await db.membership.create({ data: { orgId: org.id, userId: user.id, role: "owner" } });
  const session = await db.authSession.create({ data: { userId: user.id, expiresAt: new Date(Date.now() + 3600_000) } });
  const token = await encode({ token: { sid: session.id }, secret: authSecret() });

  const http = createServer();
  const io = await attachRealtime(http);
  const url = await listen(http);
  // server mode: the publisher goes the way a worker process does (pg_notify → the web side's
  // postgres adapter → its sockets); embedded: straight into this process's Socket.IO server.
  const sink = which === "server" ? postgresEmitterSink() : ioSink(io);
  installEventSink({
    event(e) {
      const key = (e.payload as { jobId: string }).jobId;
      const t = performance.now();
      commitAt.set(key, t);
      const r = sink.event(e);
      emitMs.set(key, performance.now() - t);
      return r;
    },
    revokeUser: (userId) => sink.revokeUser(userId),
  });

  return {
    describe: {
      embedded: `PGlite (${inMemory ? "in memory" : "temp data dir"}), attachRealtime, ioSink`,
      server: "Postgres (aios_bench), attachRealtime + postgres adapter, publish via postgresEmitterSink() (pg_notify)",
    }[which],
    url,
    cookie: `next-auth.session-token=${token}`,
    room: `org:${org.id}`,
    async publish(key) {
      await withEvents((_tx, emit) => emit({ orgId: org.id, type: "diagnostics.pong", payload: payloadFor(key) }));
    },
    async close() {
      installEventSink(null);
      await io.close(); // closes the adapter's LISTEN client and the HTTP server
      await closeDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function connectOne(h: Harness): Promise<ClientIo> {
  const socket: ClientIo = connectClient(h.url, {
    path: "/socket.io",
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    timeout: 10_000,
    extraHeaders: h.cookie ? { cookie: h.cookie } : undefined,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => {
      socket.close();
      reject(new Error(`client could not connect: ${err.message}`));
    });
  });
}

async function connectAll(h: Harness): Promise<ClientIo[]> {
  const sockets: ClientIo[] = [];
  const BATCH = 20;
  for (let i = 0; i < CLIENTS; i += BATCH) {
    const batch = await Promise.all(Array.from({ length: Math.min(BATCH, CLIENTS - i) }, () => connectOne(h)));
    sockets.push(...batch);
  }
  if (h.room) {
    const replies = await Promise.all(sockets.map((s) => s.timeout(10_000).emitWithAck("join", { room: h.room! })));
    const refused = replies.find((r) => !r.ok);
    if (refused) throw new Error(`join ${h.room} refused: ${JSON.stringify(refused)}`);
  }
  return sockets;
}

type Pending = { t0: number; measured: boolean; got: Uint8Array; count: number; first?: number; done: () => void };

async function run(): Promise<LiveRunResult> {
  if (!LIVE_MODES.includes(mode)) throw new Error(`unknown mode "${mode}": one of ${LIVE_MODES.join(", ")}`);
  const h = mode === "baseline" ? await baselineHarness() : await appHarness(mode);
  const sockets = await connectAll(h).catch(async (err: unknown) => {
    await h.close();
    throw err;
  });

  const pending = new Map<string, Pending>();
  const latencies: number[] = [];
  const lastClient: number[] = [];
  const firstClient: number[] = [];
  const commit: number[] = [];
  const emit: number[] = [];
  let delivered = 0;
  let duplicates = 0;
  let payloadBytes = 0;
  sockets.forEach((socket, i) => {
    socket.on("event", (e) => {
      const t = performance.now();
      const key = (e.payload as { jobId?: string } | null)?.jobId;
      const p = key ? pending.get(key) : undefined;
      if (!p) return;
      if (p.got[i]) {
        duplicates++;
        return;
      }
      p.got[i] = 1;
      p.count++;
      if (p.first === undefined) {
        p.first = t;
        payloadBytes ||= Buffer.byteLength(JSON.stringify(e));
      }
      if (p.measured) {
        delivered++;
        latencies.push(t - p.t0);
      }
      if (p.count === sockets.length) {
        if (p.measured) {
          lastClient.push(t - p.t0);
          firstClient.push(p.first - p.t0);
        }
        p.done();
      }
    });
  });

  const started = performance.now();
  const deadline = Date.now() + MAX_SECONDS * 1000;
  let timedOutEvents = 0;
  let measuredSent = 0;
  let silentInARow = 0; // timed-out events that reached no client at all
  let stoppedEarly: string | null = null;
  for (let i = 0; i < WARMUP + EVENTS; i++) {
    if (Date.now() > deadline) {
      stoppedEarly = `time limit (${MAX_SECONDS} s) reached`;
      break;
    }
    if (silentInARow >= 3) {
      stoppedEarly = "3 events in a row reached no client";
      break;
    }
    const measured = i >= WARMUP;
    const key = `${measured ? "m" : "w"}${i}-${randomBytes(3).toString("hex")}`;
    let done!: () => void;
    const all = new Promise<"all">((resolve) => (done = () => resolve("all")));
    const p: Pending = { t0: 0, measured, got: new Uint8Array(sockets.length), count: 0, done };
    pending.set(key, p);
    p.t0 = performance.now();
    await h.publish(key);
    const c = commitAt.get(key);
    if (measured) {
      measuredSent++;
      commit.push(c === undefined ? 0 : c - p.t0);
      emit.push(emitMs.get(key) ?? 0);
    }
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([all, new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), EVENT_TIMEOUT_MS)))]);
    clearTimeout(timer);
    if (outcome === "timeout" && measured) timedOutEvents++;
    silentInARow = outcome === "timeout" && p.count === 0 ? silentInARow + 1 : 0;
  }
  const seconds = (performance.now() - started) / 1000;
  if (timedOutEvents) await new Promise((r) => setTimeout(r, 1_000)); // late deliveries still count (with their latency)

  for (const s of sockets) s.disconnect();
  await h.close();
  return {
    mode,
    describe: h.describe,
    clients: sockets.length,
    events: measuredSent,
    warmup: WARMUP,
    expected: EVENTS * sockets.length,
    delivered,
    stoppedEarly,
    duplicates,
    timedOutEvents,
    payloadBytes,
    latencies,
    commit,
    emit,
    lastClient,
    firstClient,
    seconds,
  };
}

emitChildResult(await run());
