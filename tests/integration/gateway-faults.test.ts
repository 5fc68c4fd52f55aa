import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { ensureCatalogSeeded } from "@/server/governance/catalog";
import { setTier } from "@/server/governance/catalog/entries";
import { configureProviders, createProviderRegistry, environmentCatalog, generateWith, LlmError, parseLlmConfig, type GenerateOptions, type LlmConfig, type StreamDelta } from "@/server/llm";
import { createOfflineModel } from "@/server/llm/offline";
import { setTaskBudget } from "@/server/governance/budgets/manage";
import { approvePlan, handleChatTurn } from "@/server/orchestrator";
import { getBoss, stopQueue } from "@/server/queue";
import { startJobWorkers, stopJobWorkers } from "@/server/worker";
import { runCommand, workspaceRoot } from "@/server/workspace";
import type { ServerResponse } from "node:http";
import { startLoopbackFaulty, type FaultyLoopback } from "../helpers/loopback-faulty";
import { BROKEN_STREAMS } from "../helpers/loopback-imperfect";
import { offlineScript } from "../helpers/loopback-offline";
import { startLoopbackOpenAI } from "../helpers/loopback-openai";
import { orgWithRoles, type OrgFixture, withoutOtherFilesRuns } from "./fixtures";

// The gateway against an unreliable provider: a loopback that speaks OpenAI's real protocol (answers
// from the offline model) and fails 30 % of requests with 429 + Retry-After, 10 % with 500 and lets 5 %
// hang. A demo project still completes through retries and fallbacks, attempts stay bounded, every
// attempt is an LlmCall that counts against the budgets (failed ones too), Retry-After is honoured, and
// the circuit breaker opens under a burst of failures and recovers through a half-open probe.

let fx: OrgFixture;
let loopback: FaultyLoopback | null = null;

beforeAll(async () => {
  await getBoss();
  await withoutOtherFilesRuns();
  await startJobWorkers();
  fx = await orgWithRoles();
}, 60_000);

afterEach(async () => {
  configureProviders(null);
  await loopback?.close();
  loopback = null;
});

afterAll(async () => {
  stopJobWorkers();
  await stopQueue();
});

const owner = () => ({ userId: fx.people.owner.user.id, name: "Owner" });

/** Every tier on the loopback, each tier its own model so a call has a fallback (the neighbouring tier's). */
function configFor(url: string, over: Partial<LlmConfig> = {}, models = { fast: "gpt-4.1-mini", standard: "gpt-4.1", deep: "gpt-5" }): LlmConfig {
  return {
    ...parseLlmConfig({
      OPENAI_API_KEY: "sk-loopback",
      OPENAI_BASE_URL: url,
      AIOS_MODEL_FAST: `openai:${models.fast}`,
      AIOS_MODEL_STANDARD: `openai:${models.standard}`,
      AIOS_MODEL_DEEP: `openai:${models.deep}`,
    }),
    ...over,
  };
}

async function freshOrg() {
  const id = randomBytes(5).toString("hex");
  const org = await db.org.create({ data: { name: `Faults ${id}`, slug: `faults-${id}` } });
  await db.membership.create({ data: { orgId: org.id, userId: fx.people.owner.user.id, role: "owner" } });
  return org;
}

async function settled(projectId: string, timeoutMs = 240_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const p = await db.project.findUniqueOrThrow({ where: { id: projectId }, include: { tasks: true } });
    if (["completed", "failed", "cancelled"].includes(p.status) || p.tasks.some((t) => ["failed", "needs_attention"].includes(t.status))) return p;
    if (Date.now() > end) throw new Error(`project still ${p.status}: ${p.tasks.map((t) => `${t.key}=${t.status}`).join(", ")}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Each tier gets a catalog model of its own, so its environment model becomes a same-tier fallback and the
 * neighbouring tier's model the last one: three candidates per call, all on the loopback.
 */
async function withThreeCandidates(orgId: string) {
  await ensureCatalogSeeded(orgId, environmentCatalog().models);
  const entry = async (modelId: string) => (await db.modelCatalogEntry.findFirstOrThrow({ where: { orgId, provider: "openai", modelId } })).id;
  await setTier(orgId, "fast", await entry("gpt-4o-mini"));
  await setTier(orgId, "standard", await entry("gpt-4o"));
  await setTier(orgId, "deep", await entry("gpt-5-mini"));
}

const sumUsd = (rows: { costUsd: unknown }[]) => rows.reduce((n, r) => n + Math.round(Number(r.costUsd) * 1e6), 0) / 1e6;

describe("a demo project on a provider that fails 45 % of requests", () => {
  it("completes every task through retries and fallbacks; each attempt is one LlmCall, bounded, counted against the budgets", async () => {
    // The first call (intake, alone at that moment) meets 4 failures in a row, so it falls back for sure;
    // after that the seeded draws decide.
    loopback = await startLoopbackFaulty({ seed: 2026, retryAfterSeconds: 0, sequence: ["rate-limited", "server-error", "hang", "rate-limited"] });
    // Bounds of one call: 3 candidates × 4 tries, at most 12 attempts (a call fails only if all 12 fail:
    // 0.45^12 ≈ 7e-5). The breaker is out of the way here (its threshold is above what random noise reaches):
    // every candidate shares this one flaky upstream, and the breaker has its own test below.
    const config = configFor(loopback.url, {
      maxRetries: 3,
      maxAttempts: 12,
      timeoutMs: 3_000,
      backoff: { baseMs: 20, capMs: 200 },
      breaker: { failureThreshold: 10_000, windowMs: 1_000, cooldownMs: 100 },
    });
    configureProviders(config);
    const org = await freshOrg();
    await withThreeCandidates(org.id);
    const usd = await db.budget.create({ data: { orgId: org.id, scope: "org", scopeId: org.id, metric: "usd", period: "total", limit: 1000, policy: "stop" } });
    const requests = await db.budget.create({ data: { orgId: org.id, scope: "org", scopeId: org.id, metric: "requests", period: "total", limit: 100_000, policy: "stop" } });

    const who = { orgId: org.id, ...owner() };
    const conversation = await db.conversation.create({ data: { orgId: org.id, userId: who.userId, title: "Stocks" } });
    const turn = await handleChatTurn(who, conversation.id, [{ role: "user", content: "Build a web app that displays stock prices" }]);
    expect(turn.intent).toBe("new_project");
    // A task's budget is its estimate × 2 by default, less than one step's worst case on a priced model
    // (the whole output allowance is held): this test is about faults, so give tasks room.
    await setTaskBudget(org.id, turn.projectId!, { multiplier: 100, policy: "ask" });
    await approvePlan(turn.projectId!, owner());
    const project = await settled(turn.projectId!);
    expect(project.tasks.map((t) => [t.key, t.status])).toEqual(project.tasks.map((t) => [t.key, "succeeded"]));
    expect(project.status).toBe("completed");
    const tests = await runCommand(workspaceRoot(project.id), "node --test", { timeoutMs: 120_000 });
    expect(tests.exitCode, tests.stdout + tests.stderr).toBe(0);

    // The provider really misbehaved, in every way.
    const { counts } = loopback;
    expect(counts["rate-limited"]).toBeGreaterThan(0);
    expect(counts["server-error"]).toBeGreaterThan(0);
    expect(counts.hang).toBeGreaterThan(0);

    // Every request the provider saw is one LlmCall; every fault one with status "error".
    const calls = await db.llmCall.findMany({ where: { orgId: org.id }, orderBy: { createdAt: "asc" } });
    const sent = calls.filter((c) => !c.cacheHit);
    expect(sent).toHaveLength(loopback.log.length);
    const errors = calls.filter((c) => c.status === "error");
    expect(errors).toHaveLength(counts["rate-limited"] + counts["server-error"] + counts.hang);
    expect(errors.filter((c) => /\b429\b/.test(c.error ?? ""))).toHaveLength(counts["rate-limited"]);
    expect(errors.filter((c) => /\b500\b/.test(c.error ?? ""))).toHaveLength(counts["server-error"]);
    expect(errors.filter((c) => /did not answer/i.test(c.error ?? ""))).toHaveLength(counts.hang);

    // Attempts stay bounded: no call went past its limits (per call and per model).
    expect(Math.max(...calls.map((c) => c.attempt))).toBeLessThanOrEqual(config.maxAttempts);
    for (const c of calls.filter((r) => r.status === "ok")) {
      const attempts = (c.routing as { attempts: { model: string; status: string }[] }).attempts.filter((a) => a.status !== "skipped-breaker");
      expect(attempts.length).toBe(c.attempt);
      const perModel = new Map<string, number>();
      for (const a of attempts) perModel.set(a.model, (perModel.get(a.model) ?? 0) + 1);
      for (const n of perModel.values()) expect(n).toBeLessThanOrEqual(config.maxRetries + 1);
    }
    expect(Math.max(...loopback.attemptsPerCall().values())).toBeLessThanOrEqual(config.maxAttempts);
    // Three candidates per call, and the intake call answered on its second after 4 failures on its first.
    for (const c of calls) expect((c.routing as { candidates: string[] }).candidates).toHaveLength(3);
    const intake = calls.filter((c) => c.purpose === "intake");
    expect(intake.map((c) => [c.attempt, c.status])).toEqual([
      [1, "error"],
      [2, "error"],
      [3, "error"],
      [4, "error"],
      [5, "ok"],
    ]);
    expect(new Set(intake.slice(0, 4).map((c) => c.model)).size).toBe(1);
    expect(intake[4]!.model).not.toBe(intake[0]!.model);

    // Failed attempts are costed and counted: the budgets' spent is exactly the sum of every LlmCall, no hold left.
    const [usdAfter, requestsAfter] = await Promise.all([db.budget.findUniqueOrThrow({ where: { id: usd.id } }), db.budget.findUniqueOrThrow({ where: { id: requests.id } })]);
    expect(Number(usdAfter.spent)).toBeCloseTo(sumUsd(calls), 6);
    expect(Number(usdAfter.spent)).toBeGreaterThan(0);
    expect(Number(requestsAfter.spent)).toBe(calls.length);
    expect(Number(usdAfter.held)).toBe(0);
    expect(await db.budgetHold.count({ where: { orgId: org.id } })).toBe(0);
    const rollup = await db.usageRollup.findMany({ where: { orgId: org.id } });
    expect(rollup.filter((r) => r.status === "error").reduce((n, r) => n + r.calls, 0)).toBe(errors.length);
    expect(sumUsd(rollup)).toBeCloseTo(sumUsd(calls), 6);
  }, 300_000);
});

describe("retries, fallbacks and the circuit breaker, call by call", () => {
  let orgId: string;
  beforeAll(async () => {
    orgId = (await freshOrg()).id;
  });

  const registryFor = (config: LlmConfig) =>
    createProviderRegistry(config, {
      offlineModel: () => createOfflineModel(),
    });

  const intake = (over: Partial<GenerateOptions> = {}): GenerateOptions => ({
    purpose: "intake",
    tier: "standard",
    system: '<aios purpose="intake"/>\nClassify the message.\n\nProjects:\n(no projects yet)',
    messages: [{ role: "user", content: `Build a todo REST API (${randomBytes(3).toString("hex")})` }],
    scope: { orgId },
    cache: false,
    ...over,
  });

  it("honours Retry-After before trying the same model again", async () => {
    loopback = await startLoopbackFaulty({ sequence: ["rate-limited"], rates: { rateLimited: 0, serverError: 0, hang: 0 }, retryAfterSeconds: 1 });
    const registry = registryFor(configFor(loopback.url, { maxRetries: 2, backoff: { baseMs: 10, capMs: 5_000 } }));
    const result = await generateWith(registry, intake());
    expect(result.text).toMatch(/new_project/);
    expect(loopback.log.map((r) => [r.outcome, r.model])).toEqual([
      ["rate-limited", "gpt-4.1"],
      ["ok", "gpt-4.1"],
    ]);
    expect(loopback.log[1]!.at - loopback.log[0]!.at).toBeGreaterThanOrEqual(950);
    const rows = await db.llmCall.findMany({ where: { orgId }, orderBy: { createdAt: "desc" }, take: 2 });
    expect(rows.map((r) => [r.attempt, r.status])).toEqual([
      [2, "ok"],
      [1, "error"],
    ]);
  });

  it("falls back to the next candidate after the retries of the first, and never waits on a hung provider past the timeout", async () => {
    loopback = await startLoopbackFaulty({ sequence: ["server-error", "hang"], rates: { rateLimited: 0, serverError: 0, hang: 0 } });
    const registry = registryFor(configFor(loopback.url, { maxRetries: 1, timeoutMs: 800, backoff: { baseMs: 10, capMs: 50 } }));
    const started = Date.now();
    const result = await generateWith(registry, intake());
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(loopback.log.map((r) => [r.outcome, r.model])).toEqual([
      ["server-error", "gpt-4.1"],
      ["hang", "gpt-4.1"],
      ["ok", "gpt-4.1-mini"],
    ]);
    expect(result.modelId).toBe("gpt-4.1-mini");
    expect(result.routing.attempts.map((a) => [a.model, a.status])).toEqual([
      ["openai:gpt-4.1", "error"],
      ["openai:gpt-4.1", "error"],
      ["openai:gpt-4.1-mini", "ok"],
    ]);
    expect(result.routing.attempts[1]!.error).toMatch(/did not answer within/i);
    expect(result.routing.attempts[1]!.latencyMs).toBeLessThan(3_000);
  });

  it("opens the breaker under a burst of failures, refuses calls while open, and closes after a successful half-open probe", async () => {
    loopback = await startLoopbackFaulty({ rates: { rateLimited: 0, serverError: 1, hang: 0 } });
    // One model for every tier: one candidate, one breaker.
    const one = { fast: "gpt-4.1", standard: "gpt-4.1", deep: "gpt-4.1" };
    // A call finding every breaker open waits at most the back-off cap for a probe slot: keep that below the cool-down.
    const registry = registryFor(configFor(loopback.url, { maxRetries: 0, backoff: { baseMs: 10, capMs: 50 }, breaker: { failureThreshold: 3, windowMs: 60_000, cooldownMs: 500 } }, one));
    const state = () => registry.breakers.states().find((b) => b.key === "openai:gpt-4.1");

    for (let i = 0; i < 3; i++) await expect(generateWith(registry, intake())).rejects.toThrow(/500/);
    expect(state()).toMatchObject({ state: "open", recentFailures: 3 });
    expect(loopback.log).toHaveLength(3);

    // Open: refused without a request, with a sentence a person understands.
    const refused = await generateWith(registry, intake()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LlmError);
    expect((refused as LlmError).message).toMatch(/failing right now/i);
    expect(loopback.log).toHaveLength(3);

    // The provider recovers; after the cool-down one probe goes through and closes the breaker.
    loopback.setRates({ serverError: 0 });
    await new Promise((r) => setTimeout(r, 600));
    expect(state()?.state).toBe("half-open");
    const probe = await generateWith(registry, intake());
    expect(probe.text).toMatch(/new_project/);
    expect(state()?.state).toBe("closed");

    // A failed probe opens it again.
    loopback.setRates({ serverError: 1 });
    for (let i = 0; i < 3; i++) await generateWith(registry, intake()).catch(() => null);
    expect(state()?.state).toBe("open");
    await new Promise((r) => setTimeout(r, 600));
    await expect(generateWith(registry, intake())).rejects.toThrow(/500/);
    expect(state()?.state).toBe("open");
  });

  it("a call that finds every breaker open waits for the probe slot instead of failing the task", async () => {
    loopback = await startLoopbackFaulty({ rates: { rateLimited: 0, serverError: 1, hang: 0 } });
    const one = { fast: "gpt-4.1", standard: "gpt-4.1", deep: "gpt-4.1" };
    const registry = registryFor(configFor(loopback.url, { maxRetries: 0, backoff: { baseMs: 10, capMs: 2_000 }, breaker: { failureThreshold: 2, windowMs: 60_000, cooldownMs: 300 } }, one));
    for (let i = 0; i < 2; i++) await generateWith(registry, intake()).catch(() => null);
    expect(registry.breakers.states().find((b) => b.key === "openai:gpt-4.1")?.state).toBe("open");
    loopback.setRates({ serverError: 0 });
    const result = await generateWith(registry, intake());
    expect(result.text).toMatch(/new_project/);
    expect(result.routing.attempts.map((a) => a.status)).toEqual(["skipped-breaker", "ok"]);
    expect(registry.breakers.states().find((b) => b.key === "openai:gpt-4.1")?.state).toBe("closed");
  });

  it("an upstream that answers garbage or a non-JSON error ends in a clear error and a consistent record", async () => {
    const replies: Record<string, (res: ServerResponse) => void> = {
      // A proxy's HTML error page instead of OpenAI's JSON error.
      "html-502": (res) => res.writeHead(502, { "content-type": "text/html" }).end("<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"),
      // A 200 whose body is not JSON at all.
      "garbage-200": (res) => res.writeHead(200, { "content-type": "application/json" }).end("{\"id\": \"chatcmpl-1\", \"choices\": [{\"mess"),
    };
    for (const [name, raw] of Object.entries(replies)) {
      const server = await startLoopbackOpenAI({ script: () => ({ raw }) });
      try {
        const registry = registryFor(configFor(server.url, { maxRetries: 1, backoff: { baseMs: 10, capMs: 50 } }, { fast: "gpt-4.1", standard: "gpt-4.1", deep: "gpt-4.1" }));
        const failed = await generateWith(registry, intake()).catch((e: unknown) => e);
        expect(failed, name).toBeInstanceOf(LlmError);
        const message = (failed as LlmError).message;
        expect(message, name).toMatch(/^The model/);
        expect(message, name).not.toMatch(/<html|<body|chatcmpl|Error message:|Text:/i);
        const rows = await db.llmCall.findMany({ where: { orgId, createdAt: { gte: new Date(Date.now() - 60_000) } }, orderBy: { createdAt: "desc" }, take: server.requests.length });
        expect(rows.length, name).toBe(server.requests.length);
        for (const r of rows) expect(r, name).toMatchObject({ status: "error", costUsd: expect.anything() });
        expect(await db.budgetHold.count({ where: { orgId } }), name).toBe(0);
      } finally {
        await server.close();
      }
    }
  });

  describe("a broken stream", () => {
    /** The first request gets the broken stream, later ones the offline model's answer. */
    async function streamOnce(broken: (res: ServerResponse) => void) {
      let first = true;
      const server = await startLoopbackOpenAI({
        script: (req) => {
          if (first) {
            first = false;
            return { raw: broken };
          }
          return offlineScript(req);
        },
      });
      const registry = registryFor(configFor(server.url, { maxRetries: 1, backoff: { baseMs: 10, capMs: 50 } }, { fast: "gpt-4.1", standard: "gpt-4.1", deep: "gpt-4.1" }));
      const deltas: StreamDelta[] = [];
      const outcome = await generateWith(registry, intake({ onDelta: (d) => deltas.push(d) })).catch((e: unknown) => e);
      await server.close();
      return { outcome, deltas, requests: server.requests.length };
    }

    it("cut before its first token is tried again, and the caller sees only the answer", async () => {
      const { outcome, deltas, requests } = await streamOnce(BROKEN_STREAMS.cutBeforeFirstToken);
      expect(outcome).not.toBeInstanceOf(Error);
      expect(requests).toBe(2);
      expect((outcome as { text: string }).text).toMatch(/new_project/);
      expect(deltas.filter((d) => d.type === "text").map((d) => (d as { text: string }).text).join("")).toBe((outcome as { text: string }).text);
    });

    it("cut after text was shown fails readably and is not retried (the caller already showed text)", async () => {
      const { outcome, requests } = await streamOnce(BROKEN_STREAMS.cutAfterText);
      expect(outcome).toBeInstanceOf(LlmError);
      expect(requests).toBe(1);
      expect((outcome as LlmError).message).toMatch(/stopped part-way/);
      expect(await db.budgetHold.count({ where: { orgId } })).toBe(0);
    });

    it("that is not server-sent JSON is recorded as a readable failure, without the provider's body, and tried again", async () => {
      const since = new Date();
      const { outcome, requests } = await streamOnce(BROKEN_STREAMS.garbage);
      expect(outcome).not.toBeInstanceOf(Error);
      expect(requests).toBe(2);
      const failed = await db.llmCall.findFirstOrThrow({ where: { orgId, status: "error", createdAt: { gte: since } } });
      expect(failed.error).toBe("The model provider sent an answer that could not be read (not the JSON its protocol uses).");
      expect(await db.budgetHold.count({ where: { orgId } })).toBe(0);
    });
  });
});
