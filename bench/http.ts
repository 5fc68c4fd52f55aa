// What the HTTP hardening costs a request: this tree's production server beside a baseline checkout's
// (`--baseline=<folder>`, e.g. `git worktree add /tmp/aios-before <commit>` with node_modules linked),
// both embedded, same machine, same run. Endpoints: an HTML page (CSP nonce, security headers), a tRPC
// query, and a tRPC mutation (origin check, input guard, the audit row in the mutation's transaction).
// Rounds interleave the two servers so background load hits both alike. Options: --seconds=8
// --concurrency=8 --rounds=2 --baseline=<folder>
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, ROOT, sleep, tailCollector, terminate } from "../tests/helpers/process";
import { embeddedServerEnv } from "../tests/helpers/server-process";
import { intOption, parseArgs } from "./lib/args";
import { ensureBuild } from "./lib/build";
import { markdownTable, reportResult } from "./lib/results";
import { round, summarize } from "./lib/stats";

type Server = { label: string; url: string; child: ChildProcess; dataDir: string; cookie: string; orgId: string; agent: Record<string, unknown> };
type Endpoint = "page" | "query" | "mutation";
const ENDPOINTS: Endpoint[] = ["page", "query", "mutation"];
const PASSWORD = "bench owner password 42";

function buildIn(root: string): void {
  if (root === ROOT) return void ensureBuild();
  if (existsSync(join(root, ".next", "BUILD_ID"))) return;
  console.error(`[bench] next build in ${root}…`);
  const r = spawnSync(process.execPath, [join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", 2, 2],
  });
  if (r.status !== 0) throw new Error(`next build in ${root} failed`);
}

async function start(label: string, root: string): Promise<Server> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `aios-bench-http-${label}-`));
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/register.mjs", "server.ts"], {
    cwd: root,
    env: { ...embeddedServerEnv(port, dataDir), LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const tail = tailCollector();
  child.stdout!.on("data", tail.push);
  child.stderr!.on("data", tail.push);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ok = await fetch(`${url}/api/health/ready`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${label} server not ready\n${tail.text()}`);
    await sleep(100);
  }
  const origin = { origin: url, "content-type": "application/json" };
  const setup = await fetch(`${url}/api/trpc/setup.createOwner`, {
    method: "POST",
    headers: origin,
    body: JSON.stringify({ json: { name: "Bench", email: "bench@example.test", password: PASSWORD, orgName: "Bench" } }),
  });
  if (!setup.ok) throw new Error(`${label}: setup failed (${setup.status}) ${await setup.text()}`);
  const cookie = await signIn(url);
  const me = (await (await fetch(`${url}/api/trpc/me.get`, { headers: { cookie } })).json()) as { result: { data: { json: { memberships: { orgId: string }[] } } } };
  const orgId = me.result.data.json.memberships[0]!.orgId;
  const input = encodeURIComponent(JSON.stringify({ json: { orgId } }));
  const agents = (await (await fetch(`${url}/api/trpc/agents.list?input=${input}`, { headers: { cookie } })).json()) as {
    result: { data: { json: { id: string; name: string; instructions: string; tools: string[]; modelTier: string }[] } };
  };
  const a = agents.result.data.json[0]!;
  const agent = { orgId, agentId: a.id, name: a.name, instructions: a.instructions, tools: a.tools, modelTier: a.modelTier };
  return { label, url, child, dataDir, cookie, orgId, agent };
}

/** NextAuth's credentials flow, as the sign-in form does it. */
async function signIn(url: string): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar, origin: url },
    body: new URLSearchParams({ csrfToken, email: "bench@example.test", password: PASSWORD, json: "true" }),
  });
  const session = res.headers.getSetCookie().find((c) => c.includes("session-token="));
  if (!session) throw new Error(`sign-in failed (${res.status})`);
  return session.split(";")[0]!;
}

function request(s: Server, endpoint: Endpoint): Promise<Response> {
  const headers = { cookie: s.cookie, origin: s.url };
  if (endpoint === "page") return fetch(`${s.url}/sign-in`, { headers });
  if (endpoint === "query") return fetch(`${s.url}/api/trpc/me.get`, { headers });
  return fetch(`${s.url}/api/trpc/agents.update`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ json: s.agent }),
  });
}

/** `concurrency` loops for `seconds`; latencies of 2xx answers, and the count of anything else. */
async function load(s: Server, endpoint: Endpoint, seconds: number, concurrency: number) {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const res = await request(s, endpoint).catch(() => null);
        await res?.arrayBuffer();
        if (res?.ok) latencies.push(performance.now() - t);
        else errors++;
      }
    }),
  );
  return { latencies, errors, seconds };
}

export async function runHttp(argv: string[]): Promise<void> {
  const { options } = parseArgs(argv);
  const seconds = intOption(options, "seconds", 8, 120);
  const concurrency = intOption(options, "concurrency", 8, 64);
  const rounds = intOption(options, "rounds", 2, 10);
  const baselineRoot = options.get("baseline");
  const roots: [string, string][] = [["current", ROOT]];
  if (baselineRoot) roots.unshift(["baseline", baselineRoot]);
  for (const [, root] of roots) buildIn(root);

  const servers: Server[] = [];
  try {
    for (const [label, root] of roots) servers.push(await start(label, root));
    const samples = new Map<string, { latencies: number[]; errors: number; seconds: number }>();
    for (const s of servers) for (const e of ENDPOINTS) await load(s, e, 2, concurrency); // warm-up
    for (let round = 0; round < rounds; round++) {
      for (const e of ENDPOINTS) {
        for (const s of round % 2 ? [...servers].reverse() : servers) {
          const r = await load(s, e, seconds, concurrency);
          const key = `${s.label}_${e}`;
          const prev = samples.get(key) ?? { latencies: [], errors: 0, seconds: 0 };
          samples.set(key, { latencies: prev.latencies.concat(r.latencies), errors: prev.errors + r.errors, seconds: prev.seconds + r.seconds });
        }
      }
    }
    const metrics: Record<string, number> = {};
    const rows: (string | number)[][] = [];
    for (const e of ENDPOINTS) {
      for (const s of servers) {
        const r = samples.get(`${s.label}_${e}`)!;
        const sum = summarize(r.latencies);
        const rps = r.latencies.length / r.seconds;
        Object.assign(metrics, {
          [`${s.label}_${e}_rps`]: round(rps, 1),
          [`${s.label}_${e}_p50_ms`]: round(sum.p50, 2),
          [`${s.label}_${e}_p99_ms`]: round(sum.p99, 2),
          [`${s.label}_${e}_errors`]: r.errors,
        });
        const base = servers.length > 1 && s.label === "current" ? samples.get(`baseline_${e}`)! : null;
        const ratio = base ? rps / (base.latencies.length / base.seconds) : Number.NaN;
        if (base) metrics[`${e}_rps_vs_baseline`] = round(ratio, 3);
        rows.push([e, s.label, round(rps, 1), round(sum.p50, 2), round(sum.p99, 2), r.errors, base ? `${round((ratio - 1) * 100, 1)} %` : ""]);
      }
    }
    const md = [
      `${concurrency} concurrent clients, ${rounds} × ${seconds} s per endpoint and server, interleaved; page = GET /sign-in, query = tRPC me.get, mutation = tRPC agents.update (audited).`,
      baselineRoot ? `Baseline: the production build of ${baselineRoot}.` : "No --baseline given: this tree only.",
      "",
      markdownTable(["endpoint", "server", "req/s", "p50 ms", "p99 ms", "errors", "req/s vs baseline"], rows),
    ].join("\n");
    reportResult("http", metrics, md);
  } finally {
    for (const s of servers) {
      await terminate(s.child);
      rmSync(s.dataDir, { recursive: true, force: true });
    }
  }
}
