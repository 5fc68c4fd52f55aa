import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { configureProviders, generate } from "@/server/llm";
import { parseLlmConfig, type LlmConfig } from "@/server/llm/config";
import { LlmError } from "@/server/llm/errors";
import { createOfflineModel } from "@/server/llm/offline";
import { generateWith, type GenerateOptions, type StreamDelta } from "@/server/llm/gateway";
import { costOf, priceOf } from "@/server/llm/prices";
import { createProviderRegistry, type ProviderRegistry } from "@/server/llm/registry";
import { startLoopbackOpenAI, type Loopback, type LoopbackReply, type LoopbackRequest } from "@/tests/helpers/loopback-openai";
import { callerAs, orgWithRoles, outcome, type OrgFixture } from "./fixtures";

// Resilience of the gateway against a loopback OpenAI server (a stand-in speaking the real Chat
// Completions protocol) that answers per model: retries that honour Retry-After, fallback to the next
// candidate, per-attempt timeouts, the circuit breaker's open → half-open → closed cycle, and every
// attempt recorded as its own LlmCall, costed and charged to the budgets.

const PRIMARY = "gpt-4o-mini"; // the standard tier
const FALLBACK = "gpt-4.1-nano"; // the fast tier: the neighbouring tier's model, the last candidate
const USAGE = { inputTokens: 1_000, outputTokens: 200 };
const OK_COST = (model: string) => costOf(priceOf("openai", model), { ...USAGE, cachedInputTokens: 0 });

let server: Loopback;
let fx: OrgFixture;
/** What each model answers next, by model id; anything not listed answers "ok". */
let answers: Record<string, (req: LoopbackRequest) => LoopbackReply | Promise<LoopbackReply>> = {};

beforeAll(async () => {
  server = await startLoopbackOpenAI({ script: (req) => answers[String(req.body?.model)]?.(req) ?? { text: "ok", usage: USAGE } });
  fx = await orgWithRoles();
});
afterAll(async () => {
  configureProviders(null);
  await server?.close();
});

function config(over: Partial<LlmConfig> = {}): LlmConfig {
  const vars = parseLlmConfig({
    OPENAI_API_KEY: "sk-loopback-resilience",
    OPENAI_BASE_URL: server.url,
    AIOS_MODEL_FAST: `openai:${FALLBACK}`,
    AIOS_MODEL_STANDARD: `openai:${PRIMARY}`,
    AIOS_MODEL_DEEP: "openai:gpt-4.1",
  });
  return { ...vars, maxRetries: 2, timeoutMs: 5_000, backoff: { baseMs: 20, capMs: 2_000 }, ...over };
}
const registryOf = (over: Partial<LlmConfig> = {}): ProviderRegistry =>
  createProviderRegistry(config(over), {
    offlineModel: () => {
      throw new Error("The offline model is not part of these tests.");
    },
  });

const call = (over: Partial<GenerateOptions> = {}): GenerateOptions => ({
  purpose: "agent",
  tier: "standard",
  system: "You answer briefly.",
  messages: [{ role: "user", content: "Say ok." }],
  scope: { orgId: fx.org.id, projectId: fx.project.id, agentRole: "backend" },
  maxOutputTokens: 500,
  ...over,
});
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as LlmError);
const rowsOf = (taskId: string) => db.llmCall.findMany({ where: { taskId }, orderBy: { attempt: "asc" } });

describe("retries", () => {
  it("waits out a 429's Retry-After, then records both attempts and charges the budgets for both", async () => {
    const usd = await db.budget.create({ data: { orgId: fx.org.id, scope: "project", scopeId: fx.project.id, metric: "usd", period: "day", limit: 10, policy: "stop" } });
    const requests = await db.budget.create({ data: { orgId: fx.org.id, scope: "project", scopeId: fx.project.id, metric: "requests", period: "day", limit: 100, policy: "stop" } });
    let n = 0;
    answers = { [PRIMARY]: () => (n++ === 0 ? { httpError: { status: 429, message: "Slow down", headers: { "retry-after": "1" } } } : { text: "ok", usage: USAGE }) };
    const started = performance.now();
    const res = await generateWith(registryOf(), call({ scope: { ...call().scope, taskId: "t-429" } }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(950); // Retry-After: 1 s, honoured
    expect(res).toMatchObject({ text: "ok", modelId: PRIMARY, costUsd: OK_COST(PRIMARY), cacheHit: false });
    expect(res.routing.attempts.map((a) => [a.model, a.status])).toEqual([
      [`openai:${PRIMARY}`, "error"],
      [`openai:${PRIMARY}`, "ok"],
    ]);

    const rows = await rowsOf("t-429");
    expect(rows.map((r) => [r.attempt, r.status, r.model, Number(r.costUsd)])).toEqual([
      [1, "error", PRIMARY, 0], // a 429 bills nothing: costed at what was billed
      [2, "ok", PRIMARY, OK_COST(PRIMARY)],
    ]);
    expect(rows[0]!.error).toBe("The model provider returned an error: 429 Too Many Requests: Slow down");
    expect(rows[1]!.routing).toMatchObject({ tier: "standard", chosen: `openai:${PRIMARY}`, attempts: [{ status: "error" }, { status: "ok" }] });
    // Each attempt had its own hold, settled once: spent is the sum of the rows, nothing stays held.
    const [u, r] = await Promise.all([db.budget.findUniqueOrThrow({ where: { id: usd.id } }), db.budget.findUniqueOrThrow({ where: { id: requests.id } })]);
    expect(Number(u.spent)).toBeCloseTo(rows.reduce((s, row) => s + Number(row.costUsd), 0), 6);
    expect(Number(r.spent)).toBe(2);
    expect(Number(u.held) + Number(r.held)).toBe(0);
    expect(await db.budgetHold.count({ where: { budgetId: { in: [usd.id, requests.id] } } })).toBe(0);
    await db.budget.deleteMany({ where: { id: { in: [usd.id, requests.id] } } });
  });

  it("falls back to the next candidate after repeated 500s", async () => {
    answers = { [PRIMARY]: () => ({ httpError: { status: 500, message: "Overloaded" } }) };
    const res = await generateWith(registryOf({ maxRetries: 1 }), call({ scope: { ...call().scope, taskId: "t-500" } }));
    expect(res).toMatchObject({ modelId: FALLBACK, costUsd: OK_COST(FALLBACK) });
    expect(res.routing.candidates).toEqual([`openai:${PRIMARY}`, `openai:${FALLBACK}`]);
    expect(res.routing.chosen).toBe(`openai:${FALLBACK}`);
    expect(res.routing.reasons).toContain("last fallback: the fast tier's model");
    const rows = await rowsOf("t-500");
    expect(rows.map((r) => [r.attempt, r.model, r.status])).toEqual([
      [1, PRIMARY, "error"],
      [2, PRIMARY, "error"],
      [3, FALLBACK, "ok"],
    ]);
    const event = await db.event.findFirstOrThrow({ where: { type: "llm.call", payload: { path: ["llmCallId"], equals: res.llmCallId } } });
    expect(event.payload).toMatchObject({ attempt: 3, cacheHit: false, routing: { chosen: `openai:${FALLBACK}`, attempts: [{ status: "error" }, { status: "error" }, { status: "ok" }] } });
  });

  it("does not retry a request the provider refuses as bad (400)", async () => {
    answers = { [PRIMARY]: () => ({ httpError: { status: 400, message: "Unsupported parameter" } }) };
    const err = await failure(generateWith(registryOf(), call({ scope: { ...call().scope, taskId: "t-400" } })));
    expect(err).toBeInstanceOf(LlmError);
    expect(err!.message).toBe("The model provider returned an error: 400 Bad Request: Unsupported parameter");
    expect(await rowsOf("t-400")).toHaveLength(1);
  });
});

describe("streaming", () => {
  it("retries a streaming call that failed before any text went out; deltas come only from the answer", async () => {
    let n = 0;
    answers = { [PRIMARY]: () => (n++ === 0 ? { httpError: { status: 503, message: "Busy" } } : { text: "Hello there.", usage: USAGE }) };
    const deltas: StreamDelta[] = [];
    const res = await generateWith(registryOf(), call({ onDelta: (d) => deltas.push(d), scope: { ...call().scope, taskId: "t-stream-retry" } }));
    expect(res.text).toBe("Hello there.");
    expect(deltas.map((d) => (d.type === "text" ? d.text : d.type)).join("")).toBe("Hello there.");
    expect((await rowsOf("t-stream-retry")).map((r) => r.status)).toEqual(["error", "ok"]);
  });

  it("retries a stream cut before its first delta", async () => {
    // Loopback stand-in: the first stream drops right after its opening chunk, the second one finishes.
    let requests = 0;
    const flaky = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        const first = requests++ === 0;
        res.writeHead(200, { "content-type": "text/event-stream" });
        const chunk = (delta: object, finish: string | null = null, extra: object = {}) =>
          res.write(`data: ${JSON.stringify({ id: "chatcmpl-flaky", object: "chat.completion.chunk", created: 1, model: PRIMARY, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`);
        chunk({ role: "assistant", content: "" });
        if (first) return void setTimeout(() => res.socket?.destroy(), 50);
        chunk({ content: "Fine." });
        chunk({}, "stop", { usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 } });
        res.end("data: [DONE]\n\n");
      });
    });
    await new Promise<void>((r) => flaky.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/v1`;
      const registry = createProviderRegistry({ ...config(), openai: { apiKey: "sk-loopback-flaky", baseURL: url } }, { offlineModel: () => createOfflineModel({ delayMs: 0 }) });
      const deltas: StreamDelta[] = [];
      const res = await generateWith(registry, call({ onDelta: (d) => deltas.push(d), scope: { ...call().scope, taskId: "t-stream-cut-early" } }));
      expect(res.text).toBe("Fine.");
      expect(deltas).toEqual([{ type: "text", text: "Fine." }]);
      expect((await rowsOf("t-stream-cut-early")).map((r) => [r.status, r.error?.slice(0, 48) ?? null])).toEqual([
        ["error", "The model's answer stream ended before it finish"],
        ["ok", null],
      ]);
    } finally {
      flaky.closeAllConnections();
      await new Promise((r) => flaky.close(r));
    }
  });

  it("never retries once streamed text reached the caller: fails readably after one attempt", async () => {
    // Loopback stand-in for a provider whose stream breaks half way: a few SSE chunks, then the connection drops.
    const broken = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "text/event-stream" });
        const chunk = (delta: object) => ({ id: "chatcmpl-broken", object: "chat.completion.chunk", created: 1, model: PRIMARY, choices: [{ index: 0, delta, finish_reason: null }] });
        res.write(`data: ${JSON.stringify(chunk({ role: "assistant", content: "" }))}\n\n`);
        res.write(`data: ${JSON.stringify(chunk({ content: "Half an ans" }))}\n\n`);
        setTimeout(() => res.socket?.destroy(), 50);
      });
    });
    await new Promise<void>((r) => broken.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(broken.address() as AddressInfo).port}/v1`;
      const base = config();
      const registry = createProviderRegistry({ ...base, openai: { apiKey: "sk-loopback-broken", baseURL: url } }, { offlineModel: () => createOfflineModel({ delayMs: 0 }) });
      const deltas: StreamDelta[] = [];
      const err = await failure(generateWith(registry, call({ onDelta: (d) => deltas.push(d), scope: { ...call().scope, taskId: "t-stream-broken" } })));
      expect(deltas).toContainEqual({ type: "text", text: "Half an ans" });
      expect(err).toBeInstanceOf(LlmError);
      expect(err!.message).toMatch(/\(the answer stopped part-way, after text was already shown\)$/);
      expect(err!.details.attempts).toBe(1);
      expect(await rowsOf("t-stream-broken")).toHaveLength(1);
    } finally {
      broken.closeAllConnections();
      await new Promise((r) => broken.close(r));
    }
  });
});

describe("timeouts", () => {
  it("gives up on a provider that hangs, per attempt, within a bounded time, and says so readably", async () => {
    answers = { [PRIMARY]: () => new Promise(() => {}), [FALLBACK]: () => new Promise(() => {}) };
    const started = performance.now();
    const err = await failure(generateWith(registryOf({ maxRetries: 1, timeoutMs: 200 }), call({ scope: { ...call().scope, taskId: "t-hang" } })));
    const elapsed = performance.now() - started;
    expect(err).toMatchObject({ kind: "timeout", message: "The model provider did not answer within 0.2 s (4 attempts across 2 models)." });
    expect(err!.details.attempts).toBe(4);
    // 4 attempts × 0.2 s plus two short back-offs: far from "forever".
    expect(elapsed).toBeLessThan(3_000);
    const rows = await rowsOf("t-hang");
    expect(rows.map((r) => [r.model, r.status, r.error])).toEqual([
      [PRIMARY, "error", "The model provider did not answer within 0.2 s."],
      [PRIMARY, "error", "The model provider did not answer within 0.2 s."],
      [FALLBACK, "error", "The model provider did not answer within 0.2 s."],
      [FALLBACK, "error", "The model provider did not answer within 0.2 s."],
    ]);
  });
});

describe("circuit breaker", () => {
  it("opens after repeated failures, routes around the model, and closes after a good half-open probe", async () => {
    configureProviders(config({ maxRetries: 0, breaker: { failureThreshold: 2, windowMs: 60_000, cooldownMs: 3_000 } }));
    let primaryUp = false;
    answers = { [PRIMARY]: () => (primaryUp ? { text: "ok", usage: USAGE } : { httpError: { status: 503, message: "Down" } }) };
    const sent = () => server.requests.filter((r) => r.body?.model === PRIMARY).length;
    const health = async () => (await (await callerAs(await fx.people.viewer.principal())).models.health({ orgId: fx.org.id })).breakers.find((b) => b.key === `openai:${PRIMARY}`);

    for (let i = 0; i < 2; i++) expect((await generate(call())).modelId).toBe(FALLBACK);
    expect(await health()).toMatchObject({ state: "open", recentFailures: 2, lastError: "The model provider returned an error: 503 Service Unavailable: Down" });

    // Open: the primary is not called at all; the call goes straight to the fallback.
    const before = sent();
    const skipped = await generate(call());
    expect(sent()).toBe(before);
    expect(skipped.modelId).toBe(FALLBACK);
    expect(skipped.routing.attempts[0]).toMatchObject({ model: `openai:${PRIMARY}`, status: "skipped-breaker" });
    const retryAt = (await health())!.retryAt;
    expect(retryAt).not.toBeNull();

    // After the cool-down one probe goes through; it succeeds and the breaker closes.
    primaryUp = true;
    await new Promise((r) => setTimeout(r, Date.parse(retryAt!) - Date.now() + 50));
    expect((await health())!.state).toBe("half-open");
    const probe = await generate(call());
    expect(probe.modelId).toBe(PRIMARY);
    expect(await health()).toMatchObject({ state: "closed", recentFailures: 0, retryAt: null });

    // Only the org's members see its models' health (to anyone else the org does not exist).
    const outsider = await callerAs(await fx.people.outsider.principal());
    expect(await outcome(() => outsider.models.health({ orgId: fx.org.id }))).toBe("NOT_FOUND");
    configureProviders(null);
  });
});

describe("every candidate paused", () => {
  it("waits for the breaker's probe instead of failing the call, and fails readably when the pause is too long", async () => {
    const single = (over: Partial<LlmConfig>) => {
      const c = config({ maxRetries: 0, breaker: { failureThreshold: 1, windowMs: 60_000, cooldownMs: 600 }, ...over });
      return createProviderRegistry({ ...c, tiers: { fast: c.tiers.standard, standard: c.tiers.standard, deep: c.tiers.standard } }, { offlineModel: () => { throw new Error("unused"); } });
    };
    let up = false;
    answers = { [PRIMARY]: () => (up ? { text: "ok", usage: USAGE } : { httpError: { status: 502, message: "Bad gateway" } }) };
    const registry = single({});
    expect(await failure(generateWith(registry, call()))).toMatchObject({ kind: "provider" });
    up = true;
    const started = performance.now();
    const res = await generateWith(registry, call());
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
    expect(res.routing.attempts.map((a) => a.status)).toEqual(["skipped-breaker", "ok"]);

    // A pause longer than the longest back-off: nothing is sent, and the error says why.
    up = false;
    const paused = single({ backoff: { baseMs: 20, capMs: 100 }, breaker: { failureThreshold: 1, windowMs: 60_000, cooldownMs: 60_000 } });
    await failure(generateWith(paused, call()));
    const sent = server.requests.length;
    const err = await failure(generateWith(paused, call()));
    expect(server.requests.length).toBe(sent);
    expect(err).toMatchObject({ kind: "unavailable", message: `Every model for this call is failing right now (openai:${PRIMARY}); AIOS paused calls to them and will try again shortly.` });
  });
});

describe("routing", () => {
  it("pins an explicit model first, and refuses one the org's catalog does not have", async () => {
    answers = {};
    const res = await generateWith(registryOf(), call({ model: `openai:${FALLBACK}` }));
    expect(res.modelId).toBe(FALLBACK);
    expect(res.routing.candidates[0]).toBe(`openai:${FALLBACK}`);
    expect(res.routing.reasons).toContain(`model openai:${FALLBACK} asked for explicitly`);
    const err = await failure(generateWith(registryOf(), call({ model: "openai:gpt-nonexistent" })));
    expect((err as unknown as Error).message).toBe('Unknown model "openai:gpt-nonexistent": it is not an enabled model of this organisation (see Admin → Models).');
  });

  it("goes one tier up after repeated failures of the task and explains why", async () => {
    const res = await generateWith(registryOf(), call({ routing: { failures: 2, taskKind: "bugfix" } }));
    expect(res.modelId).toBe("gpt-4.1");
    expect(res.routing.tier).toBe("deep");
    expect(res.routing.reasons.slice(0, 2)).toEqual(["backend agent step → standard tier (the caller's choice)", "2 earlier failures of this task, one tier up → deep tier"]);
    expect(res.routing.complexity).toBeGreaterThanOrEqual(50);
  });

  it("never falls back from an org's real model to the offline demo model", async () => {
    const org = await orgWithRoles();
    const admin = await callerAs(await org.people.admin.principal());
    const p = await admin.models.addProvider({ orgId: org.org.id, kind: "openai", name: "Loopback OpenAI", baseUrl: server.url, apiKey: "sk-loopback-org-key-0123456789" });
    const entry = (await admin.models.catalog({ orgId: org.org.id })).models.find((m) => m.credentialId === p.id && m.modelId === PRIMARY)!;
    await admin.models.setTier({ orgId: org.org.id, tier: "standard", entryId: entry.id });
    answers = { [PRIMARY]: () => ({ httpError: { status: 500, message: "Overloaded" } }) };
    // The environment has no provider: every tier's own model is the offline demo model.
    const offlineEnv = createProviderRegistry({ ...parseLlmConfig({}), maxRetries: 0 }, { offlineModel: () => createOfflineModel({ delayMs: 0 }) });
    const err = await failure(generateWith(offlineEnv, call({ scope: { orgId: org.org.id, taskId: "t-no-offline" } })));
    expect(err).toMatchObject({ kind: "provider", message: "The model provider returned an error: 500 Internal Server Error: Overloaded" });
    expect((await rowsOf("t-no-offline")).map((r) => [r.provider, r.model])).toEqual([["openai", PRIMARY]]);
  });

  it("routes a role by outcomes when the project learns from them, and says when there is too little to go on", async () => {
    answers = {};
    const org = await orgWithRoles();
    const scope = { orgId: org.org.id, projectId: org.project.id, agentRole: "reviewer" };

    // Finished reviewer runs as the runner leaves them: the cheap fast-tier model succeeds as often as the primary.
    for (const [model, cost] of [[FALLBACK, 0.01], [PRIMARY, 0.2]] as const) {
      for (let i = 0; i < 5; i++) {
        const task = await db.task.create({ data: { orgId: org.org.id, projectId: org.project.id, key: `r-${model}-${i}`, title: "Review", role: "reviewer", description: "d" } });
        const run = await db.run.create({ data: { orgId: org.org.id, projectId: org.project.id, taskId: task.id, status: "succeeded", steps: 2, costUsd: cost.toFixed(6), finishedAt: new Date() } });
        await db.llmCall.create({ data: { ...scope, taskId: task.id, runId: run.id, purpose: "agent", provider: "openai", model, status: "ok", costUsd: cost.toFixed(6) } });
      }
    }
    // Per role: another role with no finished tasks routes by its tier, and says why.
    const cold = await generateWith(registryOf(), call({ scope: { ...scope, agentRole: "designer" }, routing: { learned: { marginPct: 5 } } }));
    expect(cold.modelId).toBe(PRIMARY);
    expect(cold.routing.reasons).toContain("learned routing on, not enough finished designer tasks yet");
    const warm = await generateWith(registryOf(), call({ scope: { ...scope, agentRole: "reviewer" }, routing: { learned: { marginPct: 5 } } }));
    expect(warm.modelId).toBe(FALLBACK);
    expect(warm.routing.reasons.find((r) => r.startsWith("learned:"))).toMatch(new RegExp(`^learned: ${FALLBACK.replace(/\./g, "\\.")} has the best reviewer success rate`));
  });

  it("uses the project's override for the role, and ignores a stale one with a reason", async () => {
    answers = {};
    const res = await generateWith(registryOf(), call({ routing: { override: `openai:${FALLBACK}` } }));
    expect(res.modelId).toBe(FALLBACK);
    expect(res.routing.reasons).toContain(`project override for the backend role: openai:${FALLBACK}`);
    const stale = await generateWith(registryOf(), call({ routing: { override: "openai:removed-model" } }));
    expect(stale.modelId).toBe(PRIMARY);
    expect(stale.routing.reasons).toContain('project override "openai:removed-model" for the backend role is not an enabled model; ignored');
  });
});
