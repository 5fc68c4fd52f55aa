import { randomBytes } from "node:crypto";
import { generateText, tool, type ModelMessage } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/server/db";
import { flushCacheHits, readCachedAnswer, responseCacheKey, storeCachedAnswer, sweepExpiredCacheEntries, withPromptCaching } from "@/server/llm/cache";
import type { ModelAnswer } from "@/server/llm/call-model";
import { parseLlmConfig, type LlmVars } from "@/server/llm/config";
import { generateWith, type GenerateOptions } from "@/server/llm/gateway";
import { cacheSavingsOf, costOf, priceOf } from "@/server/llm/prices";
import { createProviderRegistry, type ProviderRegistry } from "@/server/llm/registry";
import { startLoopbackAnthropic } from "@/tests/helpers/loopback-anthropic";
import { startLoopbackOpenAI, type Loopback, type LoopbackReply } from "@/tests/helpers/loopback-openai";

// The response cache and prompt caching against loopback stand-ins that speak OpenAI's and Anthropic's
// real HTTP protocols (labelled test stand-ins, not our code), through the real AI SDK provider packages
// and the real gateway: a repeated deterministic call reaches the provider once and records its saving,
// orgs never share entries, entries expire, and Anthropic gets its cache breakpoints and cached prices.

const servers: Loopback[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await flushCacheHits(); // nothing left counted in memory when the database closes
});

async function newOrg(label: string) {
  const id = randomBytes(5).toString("hex");
  const org = await db.org.create({ data: { name: `${label} ${id}`, slug: `cache-${label.toLowerCase()}-${id}` } });
  return org.id;
}

let orgA: string;
let orgB: string;
beforeAll(async () => {
  orgA = await newOrg("A");
  orgB = await newOrg("B");
});

function registryFor(vars: LlmVars, standard: string): ProviderRegistry {
  const config = { ...parseLlmConfig({ ...vars, AIOS_MODEL_STANDARD: standard }), maxRetries: 0, timeoutMs: 30_000 };
  return createProviderRegistry(config, {
    offlineModel: () => {
      throw new Error("The offline model is not part of these tests.");
    },
  });
}

async function openAiStandIn(reply: LoopbackReply) {
  const server = await startLoopbackOpenAI({ script: () => reply });
  servers.push(server);
  return { server, registry: registryFor({ OPENAI_API_KEY: "sk-loopback-openai", OPENAI_BASE_URL: server.url }, "openai:gpt-4o-mini") };
}

const answer = (over: Partial<ModelAnswer> = {}): ModelAnswer => ({
  text: "Hello.",
  toolCalls: [],
  finishReason: "stop",
  usage: { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 0 },
  responseMessages: [{ role: "assistant", content: [{ type: "text", text: "Hello." }] }],
  ...over,
});

const sha = () => randomBytes(32).toString("hex");
const meta = { provider: "openai", modelId: "gpt-4o-mini" };

describe("response cache rows", () => {
  it("reads an org's own live entry, counts hits, and never another org's", async () => {
    const key = sha();
    expect(await storeCachedAnswer(orgA, key, answer(), 0.00045, meta)).toBe(true);
    const hit = await readCachedAnswer(orgA, key);
    expect(hit).toMatchObject({ costUsd: 0.00045, answer: { text: "Hello.", finishReason: "stop" } });
    expect(await readCachedAnswer(orgA, key)).not.toBeNull();
    expect(await readCachedAnswer(orgB, key)).toBeNull(); // the same key in another org is a miss
    // Hits are counted in memory (a read stays a read) and written in one batch.
    expect(await flushCacheHits()).toBeGreaterThanOrEqual(1);
    expect(await flushCacheHits()).toBe(0);
    const row = await db.llmResponseCache.findUniqueOrThrow({ where: { orgId_key: { orgId: orgA, key } } });
    expect(row).toMatchObject({ hits: 2, provider: "openai", model: "gpt-4o-mini" });
  });

  it("expires after the TTL and the sweep deletes only expired rows, a bounded batch at a time", async () => {
    const t0 = new Date("2026-01-01T00:00:00Z");
    const old1 = sha();
    const old2 = sha();
    const live = sha();
    await storeCachedAnswer(orgA, old1, answer(), 0.001, meta, { ttlSeconds: 60, now: t0 });
    await storeCachedAnswer(orgA, old2, answer(), 0.001, meta, { ttlSeconds: 120, now: t0 });
    await storeCachedAnswer(orgA, live, answer(), 0.001, meta, { ttlSeconds: 3600 });
    expect(await readCachedAnswer(orgA, old1, { now: new Date(t0.getTime() + 59_000) })).not.toBeNull();
    expect(await readCachedAnswer(orgA, old1, { now: new Date(t0.getTime() + 61_000) })).toBeNull();
    expect(await readCachedAnswer(orgA, old1)).toBeNull(); // long expired by now

    // Sweep "as of" one second after the first expiry, then at most one row per run.
    expect(await sweepExpiredCacheEntries({ now: new Date(t0.getTime() + 61_000), limit: 10 })).toBeGreaterThanOrEqual(1);
    const keys = async () => (await db.llmResponseCache.findMany({ where: { orgId: orgA, key: { in: [old1, old2, live] } } })).map((r) => r.key);
    expect(await keys()).toEqual(expect.arrayContaining([old2, live]));
    expect(await keys()).not.toContain(old1);
    while ((await sweepExpiredCacheEntries({ limit: 1 })) > 0) {
      // one row per run: the bound holds, and repeated runs finish the job
    }
    expect(await keys()).toEqual([live]);
  });

  it("never stores an answer that was cut off, failed, held an invalid tool call or is missing its object", async () => {
    const refused: [string, ModelAnswer, boolean][] = [
      ["cut off", answer({ finishReason: "length" }), false],
      ["error", answer({ finishReason: "error" }), false],
      ["content filter", answer({ finishReason: "content-filter" }), false],
      ["invalid tool call", answer({ finishReason: "tool-calls", toolCalls: [{ toolCallId: "c", toolName: "nope", input: {}, invalid: true, error: "unknown tool" }] }), false],
      ["no object", answer({ text: "not json" }), true],
      ["empty", answer({ text: "" }), false],
    ];
    for (const [what, a, output] of refused) {
      const key = sha();
      expect(await storeCachedAnswer(orgA, key, a, 0.001, { ...meta, output }), what).toBe(false);
      expect(await readCachedAnswer(orgA, key), what).toBeNull();
    }
    const off = sha();
    expect(await storeCachedAnswer(orgA, off, answer(), 0.001, meta, { ttlSeconds: 0 })).toBe(false); // cache turned off
  });
});

describe("response cache through the gateway (OpenAI stand-in)", () => {
  const usage = { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 0 };
  const call = (orgId: string, over: Partial<GenerateOptions> = {}): GenerateOptions => ({
    purpose: "agent",
    tier: "standard",
    system: "You are the backend agent.",
    messages: [{ role: "user", content: `Say hello (${orgA}).` }],
    scope: { orgId },
    temperature: 0,
    ...over,
  });

  it("answers the second identical temperature-0 call from the cache: provider called once, cost 0, saving = first cost", async () => {
    const { server, registry } = await openAiStandIn({ text: "Hello!", usage });
    const first = await generateWith(registry, call(orgA));
    const expected = costOf(priceOf("openai", "gpt-4o-mini"), usage);
    expect(expected).toBeGreaterThan(0);
    expect(first).toMatchObject({ text: "Hello!", cacheHit: false, costUsd: expected });
    const second = await generateWith(registry, call(orgA));
    expect(server.requests).toHaveLength(1);
    expect(second).toMatchObject({ text: "Hello!", finishReason: "stop", cacheHit: true, costUsd: 0 });
    expect(second.responseMessages).toEqual(first.responseMessages);

    const rows = await db.llmCall.findMany({ where: { id: { in: [first.llmCallId, second.llmCallId] } } });
    const firstRow = rows.find((r) => r.id === first.llmCallId)!;
    const hitRow = rows.find((r) => r.id === second.llmCallId)!;
    expect(firstRow).toMatchObject({ cacheHit: false, tokensIn: 1000, tokensOut: 500 });
    expect(Number(firstRow.costUsd)).toBe(expected);
    expect(hitRow).toMatchObject({ cacheHit: true, status: "ok", tokensIn: 0, tokensOut: 0, provider: "openai", model: "gpt-4o-mini" });
    expect(Number(hitRow.costUsd)).toBe(0);
    expect(Number(hitRow.cacheSavingsUsd)).toBe(expected);
    // The timeline's "llm.call" event says it was a hit and cost nothing.
    const events = await db.event.findMany({ where: { orgId: orgA, type: "llm.call" } });
    const hitEvent = events.find((e) => (e.payload as { llmCallId?: string }).llmCallId === second.llmCallId);
    expect(hitEvent?.payload).toMatchObject({ cacheHit: true, costUsd: 0, status: "ok" });

    // The cost panel's rollup carries the saving (the hit's row, in its transaction).
    const rollup = await db.usageRollup.aggregate({ where: { orgId: orgA, model: "gpt-4o-mini" }, _sum: { cacheSavingsUsd: true } });
    expect(Number(rollup._sum.cacheSavingsUsd)).toBeGreaterThanOrEqual(expected);
  });

  it("keeps orgs apart: org B's identical call goes to the provider, and then hits its own entry", async () => {
    const { server, registry } = await openAiStandIn({ text: "Hello from upstream.", usage });
    const same = { messages: [{ role: "user", content: "Isolation check." }] as ModelMessage[] };
    expect((await generateWith(registry, call(orgA, same))).cacheHit).toBe(false);
    expect((await generateWith(registry, call(orgA, same))).cacheHit).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect((await generateWith(registry, call(orgB, same))).cacheHit).toBe(false);
    expect(server.requests).toHaveLength(2);
    expect((await generateWith(registry, call(orgB, same))).cacheHit).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it("does not cache a non-deterministic or opted-out call, and a changed tool set or limit is another request", async () => {
    const { server, registry } = await openAiStandIn({ text: "Varies.", usage });
    const m = { messages: [{ role: "user", content: "Not cached." }] as ModelMessage[] };
    const echo = { echo: { description: "Echo", inputSchema: z.object({ text: z.string() }) } };
    const results = [
      await generateWith(registry, call(orgA, { ...m, temperature: undefined })),
      await generateWith(registry, call(orgA, { ...m, temperature: undefined })),
      await generateWith(registry, call(orgA, { ...m, temperature: 0.7 })),
      await generateWith(registry, call(orgA, { ...m, temperature: 0.7 })),
      await generateWith(registry, call(orgA, { ...m, cache: false })),
      await generateWith(registry, call(orgA, { ...m, cache: false })),
      await generateWith(registry, call(orgA, m)), // deterministic: stored
      await generateWith(registry, call(orgA, { ...m, tools: echo })), // one tool more: another request
      await generateWith(registry, call(orgA, { ...m, maxOutputTokens: 64 })), // another output limit: another request
      await generateWith(registry, call(orgA, m)), // the stored one
    ];
    expect(results.map((r) => r.cacheHit)).toEqual([false, false, false, false, false, false, false, false, false, true]);
    expect(server.requests).toHaveLength(9);
  });

  it("replays a hit to a streaming caller as the whole text, and a hit can be a tool call", async () => {
    const { server, registry } = await openAiStandIn({ toolCalls: [{ id: "call_1", name: "echo", input: { text: "hi" } }], usage });
    const echo = { echo: { description: "Echo", inputSchema: z.object({ text: z.string() }) } };
    const m = { messages: [{ role: "user", content: "Echo hi." }] as ModelMessage[], tools: echo };
    const first = await generateWith(registry, call(orgA, m));
    const deltas: string[] = [];
    const second = await generateWith(registry, call(orgA, { ...m, onDelta: (d) => deltas.push(d.type) }));
    expect(server.requests).toHaveLength(1);
    expect(second).toMatchObject({ cacheHit: true, finishReason: "tool-calls", toolCalls: first.toolCalls });
    expect(second.toolCalls).toEqual([{ toolCallId: "call_1", toolName: "echo", input: { text: "hi" } }]);
    expect(deltas).toEqual([]); // no text to show; the tool call comes back in the result

    const { server: textServer, registry: textRegistry } = await openAiStandIn({ text: "Streamed once.", usage });
    const t = { messages: [{ role: "user", content: "Stream me." }] as ModelMessage[] };
    await generateWith(textRegistry, call(orgA, t));
    const text: string[] = [];
    const hit = await generateWith(textRegistry, call(orgA, { ...t, onDelta: (d) => d.type === "text" && text.push(d.text) }));
    expect(textServer.requests).toHaveLength(1);
    expect(hit.cacheHit).toBe(true);
    expect(text).toEqual(["Streamed once."]);
  });

  it("does not store an answer that was cut off (finish reason length)", async () => {
    const { server, registry } = await openAiStandIn({ text: "Hello, this is cut", usage, finishReason: "length" });
    const m = { messages: [{ role: "user", content: "Long answer please." }] as ModelMessage[] };
    await generateWith(registry, call(orgA, m)).catch(() => undefined); // whether the gateway accepts a cut answer is its call
    await generateWith(registry, call(orgA, m)).catch(() => undefined);
    expect(server.requests).toHaveLength(2);
  });
});

describe("prompt caching (Anthropic stand-in)", () => {
  const tools = {
    read_file: tool({ description: "Read a file", inputSchema: z.object({ path: z.string() }) }),
    write_file: tool({ description: "Write a file", inputSchema: z.object({ path: z.string(), content: z.string() }) }),
  };
  const history: ModelMessage[] = [
    { role: "user", content: "Build a greeter." },
    { role: "assistant", content: [{ type: "tool-call", toolCallId: "toolu_1", toolName: "read_file", input: { path: "a.ts" } }] },
    { role: "tool", content: [{ type: "tool-result", toolCallId: "toolu_1", toolName: "read_file", output: { type: "text", value: "export {}" } }] },
    { role: "assistant", content: [{ type: "tool-call", toolCallId: "toolu_2", toolName: "read_file", input: { path: "b.ts" } }] },
    { role: "tool", content: [{ type: "tool-result", toolCallId: "toolu_2", toolName: "read_file", output: { type: "text", value: "export {}" } }] },
  ];

  /** Every cache_control in a Messages API body, by where it sits. */
  function breakpoints(body: { tools?: { name: string; cache_control?: unknown }[]; system?: { cache_control?: unknown }[]; messages: { role: string; content: { type: string; cache_control?: unknown }[] }[] }) {
    const found: string[] = [];
    for (const t of body.tools ?? []) if (t.cache_control) found.push(`tool:${t.name}`);
    for (const s of body.system ?? []) if (s.cache_control) found.push("system");
    body.messages.forEach((m, i) => m.content.forEach((c) => c.cache_control && found.push(`message:${i}:${c.type}`)));
    return found;
  }

  it("sends cache_control on at most four blocks (last tool, system, previous step's end, last message) and costs cache reads at the cached price", async () => {
    const usage = { inputTokens: 5000, outputTokens: 100, cachedInputTokens: 4000, cacheWriteTokens: 600 };
    const server = await startLoopbackAnthropic({ script: () => ({ text: "Done.", usage }) });
    servers.push(server);
    const registry = registryFor({ ANTHROPIC_API_KEY: "sk-ant-loopback", ANTHROPIC_BASE_URL: server.url }, "anthropic:claude-sonnet-4-5");
    const resolved = registry.resolve("standard");

    const prompt = withPromptCaching(resolved, { system: "You are the developer.", messages: history, tools });
    const result = await generateText({ model: resolved.model, system: prompt.system, messages: prompt.messages, tools: prompt.tools, maxRetries: 0 });
    const body = server.requests[0]!.body;
    // The history's messages: user, assistant, user(tool_result), assistant, user(tool_result) as Anthropic groups them.
    expect(breakpoints(body)).toEqual(["tool:write_file", "system", "message:2:tool_result", "message:4:tool_result"]);
    expect(body.system).toEqual([{ type: "text", text: "You are the developer.", cache_control: { type: "ephemeral" } }]);
    expect(result.warnings ?? []).toEqual([]); // the SDK dropped none (it warns beyond four)

    // Cache reads and writes come back as usage and are costed at their own prices.
    expect(result.usage.inputTokenDetails).toMatchObject({ cacheReadTokens: 4000, cacheWriteTokens: 600 });
    const price = priceOf("anthropic", "claude-sonnet-4-5");
    expect(price.cachedReadPerMTok).toBeLessThan(price.inputPerMTok);
    // 400 uncached × $3 + 4000 read × $0.30 + 600 written × $3.75 + 100 out × $15, per million.
    expect(costOf(price, usage)).toBe(0.00615);
    expect(cacheSavingsOf(price, usage)).toBe(0.0108); // 4000 × ($3 − $0.30)
  });

  it("gets its breakpoints through the gateway on every step, JSON and streaming", async () => {
    const server = await startLoopbackAnthropic({ script: () => ({ text: "Done.", usage: { inputTokens: 50, outputTokens: 5 } }) });
    servers.push(server);
    const registry = registryFor({ ANTHROPIC_API_KEY: "sk-ant-loopback", ANTHROPIC_BASE_URL: server.url }, "anthropic:claude-sonnet-4-5");
    const opts: GenerateOptions = {
      purpose: "agent",
      tier: "standard",
      system: "You are the developer.",
      messages: history,
      tools: {
        read_file: { description: "Read a file", inputSchema: z.object({ path: z.string() }) },
        write_file: { description: "Write a file", inputSchema: z.object({ path: z.string(), content: z.string() }) },
      },
      scope: { orgId: orgA },
    };
    const streamed: string[] = [];
    await generateWith(registry, opts);
    await generateWith(registry, { ...opts, onDelta: (d) => d.type === "text" && streamed.push(d.text) });
    expect(streamed.join("")).toBe("Done.");
    expect(server.requests.map((r) => Boolean(r.body.stream))).toEqual([false, true]);
    for (const req of server.requests) {
      expect(breakpoints(req.body)).toEqual(["tool:write_file", "system", "message:2:tool_result", "message:4:tool_result"]);
    }
  });

  it("records cached tokens on the LlmCall with the cached price and the saving, through the gateway", async () => {
    const usage = { inputTokens: 5000, outputTokens: 100, cachedInputTokens: 4000, cacheWriteTokens: 600 };
    const server = await startLoopbackAnthropic({ script: () => ({ text: "Done.", usage }) });
    servers.push(server);
    const registry = registryFor({ ANTHROPIC_API_KEY: "sk-ant-loopback", ANTHROPIC_BASE_URL: server.url }, "anthropic:claude-sonnet-4-5");
    const result = await generateWith(registry, {
      purpose: "agent",
      tier: "standard",
      system: "You are the developer.",
      messages: history,
      tools: { read_file: { description: "Read a file", inputSchema: z.object({ path: z.string() }) } },
      scope: { orgId: orgA },
    });
    const row = await db.llmCall.findUniqueOrThrow({ where: { id: result.llmCallId } });
    expect(row).toMatchObject({ tokensIn: 5000, tokensCached: 4000, tokensCacheWrite: 600, cacheHit: false });
    expect(Number(row.costUsd)).toBe(0.00615);
    expect(Number(row.cacheSavingsUsd)).toBe(0.0108);
  });
});

describe("prompt caching (OpenAI stand-in)", () => {
  it("sends the prompt unchanged with a prompt_cache_key that stays the same as the history grows", async () => {
    const { server, registry } = await openAiStandIn({ text: "Ok.", usage: { inputTokens: 2000, outputTokens: 5, cachedInputTokens: 1536 } });
    const resolved = registry.resolve("standard");
    const tools = { read_file: tool({ description: "Read a file", inputSchema: z.object({ path: z.string() }) }) };
    const step1: ModelMessage[] = [{ role: "user", content: "Build a greeter." }];
    const step2: ModelMessage[] = [...step1, { role: "assistant", content: "Reading." }, { role: "user", content: "Go on." }];
    for (const messages of [step1, step2]) {
      const p = withPromptCaching(resolved, { system: "You are the developer.", messages, tools });
      const result = await generateText({ model: resolved.model, system: p.system, messages: p.messages, tools: p.tools, providerOptions: p.providerOptions, maxRetries: 0 });
      expect(result.usage.inputTokenDetails.cacheReadTokens).toBe(1536); // OpenAI's cached_tokens, read back
    }
    const [a, b] = server.requests.map((r) => r.body);
    expect(a.prompt_cache_key).toMatch(/^aios-[0-9a-f]{32}$/);
    expect(b.prompt_cache_key).toBe(a.prompt_cache_key);
    expect(a.messages[0]).toEqual({ role: "system", content: "You are the developer." });
    expect(JSON.stringify(b.messages)).not.toContain("cache_control");
    // The first request is a byte-identical prefix of the second (append-only history): what OpenAI caches.
    expect(JSON.stringify(b.messages).startsWith(JSON.stringify(a.messages).slice(0, -1))).toBe(true);
    const price = priceOf("openai", "gpt-4o-mini");
    expect(costOf(price, { inputTokens: 2000, outputTokens: 5, cachedInputTokens: 1536 })).toBe(0.000188); // (464 × 0.15 + 1536 × 0.075 + 5 × 0.6) / 1e6
  });

  it("sends the prompt_cache_key through the gateway and records OpenAI's cached tokens at the cached price", async () => {
    const usage = { inputTokens: 2000, outputTokens: 5, cachedInputTokens: 1536 };
    const { server, registry } = await openAiStandIn({ text: "Ok.", usage });
    const result = await generateWith(registry, { purpose: "chat", tier: "standard", system: "You are the assistant.", messages: [{ role: "user", content: "Hi" }], scope: { orgId: orgA } });
    expect(server.requests[0]!.body.prompt_cache_key).toMatch(/^aios-[0-9a-f]{32}$/);
    const row = await db.llmCall.findUniqueOrThrow({ where: { id: result.llmCallId } });
    expect(row).toMatchObject({ tokensIn: 2000, tokensCached: 1536, cacheHit: false });
    expect(Number(row.costUsd)).toBe(0.000188);
    expect(Number(row.cacheSavingsUsd)).toBe(cacheSavingsOf(priceOf("openai", "gpt-4o-mini"), usage)); // 1536 × (0.15 − 0.075)
    expect(Number(row.cacheSavingsUsd)).toBe(0.000115);
  });
});

describe("the key the gateway uses", () => {
  it("is the same for the same request whatever order its parts were built in, and differs per model", async () => {
    const schema = z.object({ path: z.string(), content: z.string() });
    const a = await responseCacheKey(meta, { system: "s", messages: [{ role: "user", content: "x" }], tools: { w: { description: "W", inputSchema: schema } }, temperature: 0 });
    const b = await responseCacheKey(meta, { temperature: 0, tools: { w: { inputSchema: schema, description: "W" } }, messages: [{ content: "x", role: "user" }], system: "s" });
    expect(a).toBe(b);
    expect(await responseCacheKey({ provider: "openai", modelId: "gpt-4o" }, { system: "s", messages: [{ role: "user", content: "x" }], temperature: 0 })).not.toBe(a);
  });
});
