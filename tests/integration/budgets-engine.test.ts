import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import {
  admit,
  BudgetExceededError,
  claimWithinRunLimits,
  ensureTaskBudgets,
  listBudgetStatus,
  periodBounds,
  release,
  settle,
  sweepExpiredHolds,
} from "@/server/governance/budgets";
import { parseLlmConfig } from "@/server/llm/config";
import { LlmError } from "@/server/llm/errors";
import { generateWith, promptTokenEstimate, type GenerateOptions } from "@/server/llm/gateway";
import { costOf, priceOf } from "@/server/llm/prices";
import { createProviderRegistry, type ProviderRegistry } from "@/server/llm/registry";
import { startLoopbackOpenAI, type Loopback, type LoopbackReply } from "@/tests/helpers/loopback-openai";

// The budget engine through the real gateway against a loopback OpenAI server whose usage is exactly
// the worst case admission holds, so every amount is known: admission at every level at once, all or
// nothing, settlement on success / failure / cancel, exactly-once release, the sweep, periods rolling
// in the org's time zone, rate limits, the degrade ladder, task budgets, concurrent runs.

const MODELS = { deep: "gpt-4.1", standard: "gpt-4o-mini", fast: "gpt-4.1-nano" } as const;
const MAX_OUT = 100;
const uid = () => randomBytes(5).toString("hex");

let server: Loopback;
let registry: ProviderRegistry;
/** What the loopback answers next (per test). */
let reply: (body: { messages: unknown }) => LoopbackReply | Promise<LoopbackReply> = () => ({ text: "ok" });

const base = (scope: GenerateOptions["scope"], tier: GenerateOptions["tier"] = "standard"): GenerateOptions => ({
  purpose: "agent",
  tier,
  system: "You answer briefly.",
  messages: [{ role: "user", content: "Say ok." }],
  scope,
  maxOutputTokens: MAX_OUT,
});
const PROMPT_TOKENS = promptTokenEstimate(base({ orgId: "x" }));
/** The usage the loopback reports: exactly the worst case, so a call costs what it holds. */
const FULL = { inputTokens: PROMPT_TOKENS, outputTokens: MAX_OUT };
const costAt = (tier: keyof typeof MODELS) => costOf(priceOf("openai", MODELS[tier]), { ...FULL, cachedInputTokens: 0 });

beforeAll(async () => {
  server = await startLoopbackOpenAI({ script: (req) => reply(req.body) });
  const config = parseLlmConfig({
    OPENAI_API_KEY: "sk-loopback-budgets",
    OPENAI_BASE_URL: server.url,
    AIOS_MODEL_DEEP: `openai:${MODELS.deep}`,
    AIOS_MODEL_STANDARD: `openai:${MODELS.standard}`,
    AIOS_MODEL_FAST: `openai:${MODELS.fast}`,
  });
  // One retry: a loaded machine may reset a kept-alive loopback connection between tests.
  registry = createProviderRegistry({ ...config, maxRetries: 1, timeoutMs: 30_000 }, {
    offlineModel: () => {
      throw new Error("not used");
    },
  });
});
afterAll(() => server?.close());

async function fixture(timeZone = "UTC") {
  const org = await db.org.create({ data: { name: `Budgets ${uid()}`, slug: `budgets-${uid()}`, timeZone } });
  const user = await db.user.create({ data: { email: `b-${uid()}@example.test`, name: "Payer" } });
  const project = await db.project.create({ data: { orgId: org.id, name: "Spend", goal: "Spend carefully", createdById: user.id } });
  return { org, user, project, scope: { orgId: org.id, projectId: project.id, userId: user.id } };
}

type BudgetInput = { orgId: string; scope: string; scopeId: string; metric: string; period: string; limit: number; policy?: string };
const budget = (b: BudgetInput) => db.budget.create({ data: { ...b, policy: b.policy ?? "ask" } });
const row = async (id: string) => {
  const b = await db.budget.findUniqueOrThrow({ where: { id } });
  return { spent: Number(b.spent), held: Number(b.held), periodStart: b.periodStart, alerted: b.alerted };
};
const holdsOf = (budgetId: string) => db.budgetHold.count({ where: { budgetId } });
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BudgetExceededError);
  return err as BudgetExceededError;
};

describe("budget admission through the gateway", () => {
  it("admits calls until the dollars run out, charges each its real cost and leaves nothing held", async () => {
    reply = () => ({ text: "ok", usage: FULL });
    const f = await fixture();
    const cost = costAt("standard");
    expect(cost).toBeGreaterThan(0);
    const limit = Math.round(cost * 3 * 1e6) / 1e6;
    const b = await budget({ orgId: f.org.id, scope: "project", scopeId: f.project.id, metric: "usd", period: "day", limit });
    for (let i = 0; i < 3; i++) {
      const res = await generateWith(registry, base({ ...f.scope, apiKeyId: "key_1", agentRole: "backend" }));
      expect(res.costUsd).toBe(cost);
    }
    const err = await refusal(generateWith(registry, base(f.scope)));
    expect(err.policy).toBe("ask");
    expect(err.code).toBe("PRECONDITION_FAILED");
    expect(err.budget).toMatchObject({ id: b.id, scope: "project", metric: "usd", period: "day", limit });
    expect(err.budget.spent).toBeCloseTo(cost * 3, 6);
    expect(err.message).toMatch(/project limit of \$0\.\d+ per day is used up/);
    expect(await row(b.id)).toMatchObject({ held: 0 });
    expect((await row(b.id)).spent).toBeCloseTo(cost * 3, 6);
    expect(await holdsOf(b.id)).toBe(0);
    const calls = await db.llmCall.findMany({ where: { orgId: f.org.id } });
    expect(calls).toHaveLength(3); // the refused call never reached the provider and is not recorded
    expect(calls[0]).toMatchObject({ apiKeyId: "key_1", agentRole: "backend", userId: f.user.id });
  });

  it("holds on every level at once, all or nothing", async () => {
    reply = () => ({ text: "ok", usage: FULL });
    const f = await fixture();
    const cost = costAt("standard");
    const org = await budget({ orgId: f.org.id, scope: "org", scopeId: f.org.id, metric: "usd", period: "month", limit: 10 });
    const user = await budget({ orgId: f.org.id, scope: "user", scopeId: f.user.id, metric: "tokens", period: "total", limit: 1_000_000 });
    const key = await budget({ orgId: f.org.id, scope: "apiKey", scopeId: "key_all", metric: "requests", period: "day", limit: 100 });
    // Room for one call only, on the project.
    const project = await budget({ orgId: f.org.id, scope: "project", scopeId: f.project.id, metric: "usd", period: "total", limit: cost, policy: "stop" });
    const admission = await admit({ scope: { ...f.scope, apiKeyId: "key_all" }, worstCase: { usd: cost, tokens: 500 }, holder: "test" });
    expect(admission.budgets.map((h) => h.budgetId).sort()).toEqual([org.id, user.id, key.id, project.id].sort());
    expect(await row(org.id)).toMatchObject({ held: cost });
    expect(await row(user.id)).toMatchObject({ held: 500 });
    expect(await row(key.id)).toMatchObject({ held: 1 });

    // The project budget is full: nothing is held anywhere for the second call.
    const err = await refusal(admit({ scope: { ...f.scope, apiKeyId: "key_all" }, worstCase: { usd: cost, tokens: 500 }, holder: "test" }));
    expect(err.budget.id).toBe(project.id);
    expect(err.policy).toBe("stop");
    expect(await row(org.id)).toMatchObject({ held: cost });
    expect(await row(user.id)).toMatchObject({ held: 500 });
    expect(await db.budgetHold.count({ where: { orgId: f.org.id } })).toBe(4);

    // Settle to less than held; a second settle or a release frees nothing more (the deleted row is the guard).
    await db.$transaction((tx) => settle(tx, admission, { usd: cost / 2, tokens: 200, requests: 1 }));
    await release(admission);
    expect(await row(org.id)).toMatchObject({ held: 0, spent: Math.ceil((cost / 2) * 1e6) / 1e6 });
    expect(await row(user.id)).toMatchObject({ held: 0, spent: 200 });
    expect(await row(key.id)).toMatchObject({ held: 0, spent: 1 });
    expect(await db.budgetHold.count({ where: { orgId: f.org.id } })).toBe(0);
  });

  it("charges failed and cancelled calls what they cost and releases their holds", async () => {
    const f = await fixture();
    const usd = await budget({ orgId: f.org.id, scope: "org", scopeId: f.org.id, metric: "usd", period: "day", limit: 1 });
    const requests = await budget({ orgId: f.org.id, scope: "org", scopeId: f.org.id, metric: "requests", period: "day", limit: 100 });

    reply = () => ({ httpError: { status: 500, message: "boom" } });
    await expect(generateWith(registry, base(f.scope))).rejects.toBeInstanceOf(LlmError);

    // Cancelled while the provider is still answering.
    let answer: (() => void) | null = null;
    reply = () => new Promise((resolve) => (answer = () => resolve({ text: "late", usage: FULL })));
    const controller = new AbortController();
    const call = generateWith(registry, { ...base(f.scope), abortSignal: controller.signal });
    while (!answer) await new Promise((r) => setTimeout(r, 10));
    expect(Number((await db.budget.findUniqueOrThrow({ where: { id: usd.id } })).held)).toBeGreaterThan(0);
    controller.abort();
    await expect(call).rejects.toMatchObject({ kind: "cancelled" });
    (answer as () => void)();

    expect(await row(usd.id)).toMatchObject({ held: 0, spent: 0 });
    // The 500 was retried once and then tried on the fallback candidate (the fast tier's model), once
    // retried too: 4 attempts, each its own LlmCall and request; then the cancelled call.
    expect(await row(requests.id)).toMatchObject({ held: 0, spent: 5 });
    expect(await holdsOf(usd.id)).toBe(0);
    const calls = await db.llmCall.findMany({ where: { orgId: f.org.id }, orderBy: [{ createdAt: "asc" }, { attempt: "asc" }] });
    expect(calls.map((c) => [c.status, c.model, c.attempt])).toEqual([
      ["error", MODELS.standard, 1],
      ["error", MODELS.standard, 2],
      ["error", MODELS.fast, 3],
      ["error", MODELS.fast, 4],
      ["error", MODELS.standard, 1],
    ]);
  });

  it("sweeps holds a crashed process left, on schedule and when an admission is refused", async () => {
    const f = await fixture();
    const b = await budget({ orgId: f.org.id, scope: "org", scopeId: f.org.id, metric: "requests", period: "total", limit: 1 });
    // A "crashed" admission: never settled, already expired.
    await admit({ scope: f.scope, worstCase: { usd: 0, tokens: 0 }, holder: "crashed:1", ttlMs: -1000 });
    expect(await row(b.id)).toMatchObject({ held: 1 });
    // The next admission is refused at first, sweeps the expired hold for that budget, and gets in.
    const second = await admit({ scope: f.scope, worstCase: { usd: 0, tokens: 0 }, holder: "test", ttlMs: -1000 });
    expect(await row(b.id)).toMatchObject({ held: 1 });
    expect(await holdsOf(b.id)).toBe(1);
    expect(await sweepExpiredHolds()).toBeGreaterThanOrEqual(1);
    expect(await row(b.id)).toMatchObject({ held: 0, spent: 0 });
    // Settling after the sweep still charges, and frees nothing twice.
    await db.$transaction((tx) => settle(tx, second, { usd: 0, tokens: 0, requests: 1 }));
    expect(await row(b.id)).toMatchObject({ held: 0, spent: 1 });
  });

  it("rolls day and month periods by the calendar in the org's time zone", async () => {
    const f = await fixture("Pacific/Auckland");
    const now = new Date();
    const day = periodBounds("day", "Pacific/Auckland", now);
    const month = periodBounds("month", "Pacific/Auckland", now);
    // Spent to the limit in the previous local day / month.
    const yesterday = await db.budget.create({
      data: { orgId: f.org.id, scope: "org", scopeId: f.org.id, metric: "requests", period: "day", limit: 5, spent: 5, alerted: 100, periodStart: new Date(day.start.getTime() - 86_400_000) },
    });
    const lastMonth = await db.budget.create({
      data: { orgId: f.org.id, scope: "project", scopeId: f.project.id, metric: "requests", period: "month", limit: 5, spent: 5, periodStart: new Date(month.start.getTime() - 86_400_000) },
    });
    const [before] = await listBudgetStatus(f.org.id, { scope: "org" });
    expect(before).toMatchObject({ spent: 0, percent: 0, periodStart: day.start, periodEnd: day.end });
    const a = await admit({ scope: f.scope, worstCase: { usd: 0, tokens: 0 }, holder: "test" });
    expect(await row(yesterday.id)).toMatchObject({ spent: 0, held: 1, alerted: 0, periodStart: day.start });
    expect(await row(lastMonth.id)).toMatchObject({ spent: 0, held: 1, periodStart: month.start });
    await db.$transaction((tx) => settle(tx, a, { usd: 0, tokens: 0, requests: 1 }));
    expect(await row(yesterday.id)).toMatchObject({ spent: 1, held: 0 });
    // Local midnight in Auckland is not UTC midnight.
    expect(day.start.getUTCHours()).not.toBe(0);
  });

  it("answers a per-minute limit as a rate limit with a retry time", async () => {
    const f = await fixture();
    await budget({ orgId: f.org.id, scope: "user", scopeId: f.user.id, metric: "requests", period: "minute", limit: 2, policy: "degrade" });
    for (let i = 0; i < 2; i++) await admit({ scope: f.scope, worstCase: { usd: 0, tokens: 0 }, holder: "test" });
    const err = await refusal(admit({ scope: f.scope, worstCase: { usd: 0, tokens: 0 }, holder: "test" }));
    expect(err.code).toBe("TOO_MANY_REQUESTS");
    expect(err.status).toBe(429);
    expect(err.retryAfterMs).toBeGreaterThan(0);
    expect(err.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(err.message).toMatch(/requests per minute is reached; try again in \d+ s/);
  });

  it("degrades over a 'degrade' budget to the next cheaper tier, and says so", async () => {
    reply = () => ({ text: "ok", usage: FULL });
    const f = await fixture();
    // Room for a standard call but not a deep one.
    const b = await budget({ orgId: f.org.id, scope: "project", scopeId: f.project.id, metric: "usd", period: "day", limit: costAt("standard"), policy: "degrade" });
    expect(costAt("deep")).toBeGreaterThan(costAt("standard"));
    const res = await generateWith(registry, base(f.scope, "deep"));
    expect(res).toMatchObject({ modelId: MODELS.standard, degradedFrom: "deep" });
    const event = await db.event.findFirstOrThrow({ where: { orgId: f.org.id, type: "llm.call" } });
    expect(event.payload).toMatchObject({ model: MODELS.standard, degradedFrom: "deep" });
    // Nothing cheaper fits any more (fast costs more than the 0 left): the degrade budget refuses.
    const err = await refusal(generateWith(registry, base(f.scope, "deep")));
    expect(err).toMatchObject({ policy: "degrade" });
    expect(await row(b.id)).toMatchObject({ held: 0, spent: costAt("standard") });
  });

  it("gives each task a budget of its estimate times the project's multiplier", async () => {
    reply = () => ({ text: "ok", usage: FULL });
    const f = await fixture();
    await db.project.update({ where: { id: f.project.id }, data: { settings: { taskBudgetMultiplier: 3, taskBudgetPolicy: "stop" } } });
    // The plan priced the task at exactly one call: it may spend three.
    const task = await db.task.create({
      data: { orgId: f.org.id, projectId: f.project.id, key: "t", title: "A task", role: "backend", description: "Does a thing", estimate: { tokens: 500, minutes: 1, costUsd: costAt("standard") } },
    });
    const unpriced = await db.task.create({
      data: { orgId: f.org.id, projectId: f.project.id, key: "u", title: "Offline task", role: "backend", description: "Costs nothing", estimate: { tokens: 500, minutes: 1, costUsd: 0 } },
    });
    await ensureTaskBudgets(task.id);
    await ensureTaskBudgets(unpriced.id);
    const budgets = await db.budget.findMany({ where: { scope: "task", scopeId: { in: [task.id, unpriced.id] } } });
    expect(budgets.map((b) => [b.scopeId, b.metric, b.period, Number(b.limit), b.policy])).toEqual([[task.id, "usd", "total", Math.ceil(costAt("standard") * 3 * 1e6) / 1e6, "stop"]]);
    const scope = { ...f.scope, taskId: task.id };
    for (let i = 0; i < 3; i++) await generateWith(registry, base(scope));
    const err = await refusal(generateWith(registry, base(scope)));
    expect(err.budget).toMatchObject({ scope: "task", metric: "usd", policy: "stop" });
  });

  it("keeps a run queued while the project's concurrent runs are at their limit", async () => {
    const f = await fixture();
    await budget({ orgId: f.org.id, scope: "project", scopeId: f.project.id, metric: "concurrent_runs", period: "total", limit: 1 });
    const task = await db.task.create({ data: { orgId: f.org.id, projectId: f.project.id, key: "c", title: "Concurrent", role: "backend", description: "Runs" } });
    const runs = await Promise.all([0, 1].map(() => db.run.create({ data: { orgId: f.org.id, projectId: f.project.id, taskId: task.id } })));
    const claim = (runId: string) =>
      claimWithinRunLimits({ orgId: f.org.id, projectId: f.project.id }, async (tx) => {
        const { count } = await tx.run.updateMany({ where: { id: runId, status: "queued" }, data: { status: "running", claimedBy: "test" } });
        return count === 1;
      });
    const outcomes = await Promise.all(runs.map((r) => claim(r.id)));
    expect(outcomes.map((o) => o.result).sort()).toEqual(["claimed", "full"]);
    const full = outcomes.find((o) => o.result === "full") as Extract<(typeof outcomes)[number], { result: "full" }>;
    expect(full.error.message).toMatch(/1 runs at once is reached \(1 running\)/);
    const [status] = await listBudgetStatus(f.org.id, { scope: "project" });
    expect(status).toMatchObject({ metric: "concurrent_runs", held: 1, percent: 100 });
    // When the running one ends, the queued one gets its slot.
    await db.run.updateMany({ where: { projectId: f.project.id, status: "running" }, data: { status: "succeeded" } });
    const waiting = runs.find((r) => r.id !== undefined && outcomes[runs.indexOf(r)]!.result === "full")!;
    expect((await claim(waiting.id)).result).toBe("claimed");
  });
});
