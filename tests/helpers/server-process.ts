// A real AIOS server process for e2e tests (and anything else that needs one): the same entry as
// `npm start`, on a free port, with a fresh data folder. Builds the Next app first if needed.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, terminate } from "./process";

const root = join(import.meta.dirname, "..", "..");

export type StartServerOptions = {
  /** Native Postgres instead of embedded PGlite: a URL, or `true` for AIOS_TEST_DATABASE_URL. */
  databaseUrl?: string | true;
  /** Extra environment for the server (wins over the defaults below). */
  env?: Record<string, string>;
  /** Reuse a data folder (e.g. to restart a server on the same data); otherwise a fresh temp folder. */
  dataDir?: string;
  /** Keep the data folder after stop() (a fresh temp folder is deleted by default). */
  keepDataDir?: boolean;
  /** How long to wait for GET /api/health/ready → 200. */
  readyTimeoutMs?: number;
  /** Extra arguments for server.ts, e.g. ["--role=web"]. */
  args?: string[];
  /** Append everything the process prints (stdout and stderr, not only the last lines) to this file. */
  logFile?: string;
};

export type RunningServer = {
  url: string;
  port: number;
  dataDir: string;
  pid: number;
  stop: () => Promise<void>;
  logs: () => string;
};

const LOG_LINES = 400;

/** The environment of a production server on `port` in embedded mode (it makes its own secret). */
export function embeddedServerEnv(port: number, dataDir: string): NodeJS.ProcessEnv {
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    HOST: "127.0.0.1",
    AIOS_DATA_DIR: dataDir,
    AIOS_PUBLIC_URL: url,
    NEXTAUTH_URL: url,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
  };
  delete env.DATABASE_URL;
  delete env.NEXTAUTH_SECRET;
  return env;
}

export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  ensureBuild();
  const port = await freePort();
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), "aios-e2e-"));
  const url = `http://127.0.0.1:${port}`;

  const env = embeddedServerEnv(port, dataDir);
  if (opts.databaseUrl) {
    const dbUrl = opts.databaseUrl === true ? process.env.AIOS_TEST_DATABASE_URL : opts.databaseUrl;
    if (!dbUrl) throw new Error("startServer({ databaseUrl: true }) needs AIOS_TEST_DATABASE_URL");
    env.DATABASE_URL = dbUrl;
    // Server mode refuses to start without a shared secret.
    env.NEXTAUTH_SECRET = "e2e-secret-not-for-production-0123456789abcdef";
  }
  Object.assign(env, opts.env);

  // `node --import tsx` is what the tsx CLI does, minus a wrapper process between us and the server.
  // detached: the server leads its own process group, so stop() also reaches anything it spawned.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", "./scripts/register.mjs", "server.ts", ...(opts.args ?? [])],
    { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES);
    if (opts.logFile) appendFileSync(opts.logFile, chunk);
    if (process.env.AIOS_E2E_SERVER_LOGS) process.stderr.write(chunk);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const logs = () => lines.join("\n");

  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      await terminate(child);
      if (!opts.dataDir && !opts.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    })());

  try {
    await waitForReady(url, child, opts.readyTimeoutMs ?? 90_000);
  } catch (error) {
    await stop();
    const tail = lines.slice(-60).join("\n");
    throw new Error(`${(error as Error).message}\n--- last server log lines ---\n${tail || "(no output)"}`);
  }
  return { url, port, dataDir, pid: child.pid!, stop, logs };
}

async function waitForReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | null = null;
  child.once("exit", (code, signal) => (exited = signal ? `signal ${signal}` : `code ${code}`));
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server exited (${exited}) before it was ready`);
    try {
      const res = await fetch(`${url}/api/health/ready`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server at ${url} not ready after ${timeoutMs} ms (last: ${last})`);
}

// Inputs of `next build`: a superset of what server.ts checks before it starts (server/boot/build.ts),
// so a server we start never decides to build on its own while we wait for it to become ready.
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "server",
  "public",
  "prisma/schema.prisma",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry !== "node_modules" && entry !== ".next") newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Why `.next` must be (re)built, or null when the existing build is current. */
export function buildStaleReason(): string | null {
  const buildId = join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return ".next/BUILD_ID is missing";
  const builtAt = statSync(buildId).mtimeMs;
  const changed = BUILD_INPUTS.find((input) => newestMtime(join(root, input)) >= builtAt);
  return changed ? `${changed} changed since the last build` : null;
}

/** Runs `next build` once when there is no current build (set AIOS_E2E_SKIP_BUILD=1 to use whatever is there). */
export function ensureBuild(): void {
  if (process.env.AIOS_E2E_SKIP_BUILD && existsSync(join(root, ".next", "BUILD_ID"))) return;
  const reason = buildStaleReason();
  if (!reason) return;
  console.log(`[e2e] next build (${reason})…`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error(`next build failed (exit code ${result.status ?? result.signal})`);
  console.log(`[e2e] next build done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}
