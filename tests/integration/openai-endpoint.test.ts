import fc from "fast-check";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { configureProviders, parseLlmConfig } from "@/server/llm";
import { startLoopbackOpenAI, type Loopback, type LoopbackRequest } from "@/tests/helpers/loopback-openai";
import { startV1Server, type V1Server } from "@/tests/helpers/v1-server";
import { judge } from "../security/verdict";
import { issueKey } from "./api-keys-helpers";
import { callerAs, orgWithRoles, sessionCookie, type OrgFixture } from "./fixtures";

// The OpenAI-compatible endpoint driven by the official `openai` npm client over real HTTP, with AIOS
// API keys, against a loopback stand-in for an OpenAI-compatible provider (tests/helpers/loopback-openai:
// the real Chat Completions protocol; it is the org's model, reached only through the gateway).
// Non-stream and stream, tools, structured output, the model list, budgets (429), revoked keys (401),
// bad input (400/404/413/415, never 5xx), an abandoned stream (recorded, hold released), and the
// response cache kept apart per org.

const HELLO = "Hello from the loopback model.";
const WEATHER = { city: "Paris", unit: "celsius" };
const COUNT = { items: ["a", "b"], count: 2 };
const ABANDON = "please stream slowly and never finish";

let upstream: Loopback;
let v1: V1Server;
let fx: OrgFixture;
let secret: string;
let keyId: string;

const isTools = (r: LoopbackRequest) => Array.isArray(r.body?.tools) && r.body.tools.length > 0;
const lastUser = (r: LoopbackRequest) => JSON.stringify(r.body?.messages?.at(-1)?.content ?? "");

beforeAll(async () => {
  upstream = await startLoopbackOpenAI({
    script: (req) => {
      if (lastUser(req).includes(ABANDON)) {
        // A provider that sends a few pieces and then nothing more: the client will give up half way.
        return {
          raw: (res) => {
            res.writeHead(200, { "content-type": "text/event-stream" });
            const chunk = (content: string) =>
              `data: ${JSON.stringify({ id: "chatcmpl-slow", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { role: "assistant", content }, finish_reason: null }] })}\n\n`;
            res.write(chunk("Once upon "));
            res.write(chunk("a time"));
          },
        };
      }
      if (isTools(req)) return { toolCalls: [{ name: "get_weather", input: WEATHER }], usage: { inputTokens: 40, outputTokens: 12 } };
      if (req.body?.response_format?.type === "json_schema") return { text: JSON.stringify(COUNT), usage: { inputTokens: 30, outputTokens: 9 } };
      return { text: HELLO, usage: { inputTokens: 20, outputTokens: 7 } };
    },
  });
  configureProviders({
    ...parseLlmConfig({
      AIOS_OPENAI_COMPATIBLE_URL: upstream.url,
      AIOS_OPENAI_COMPATIBLE_API_KEY: "loopback-key",
      AIOS_OPENAI_COMPATIBLE_NAME: "loopback",
      AIOS_MODEL_FAST: "compatible:loop-fast",
      AIOS_MODEL_STANDARD: "compatible:loop-standard",
      AIOS_MODEL_DEEP: "compatible:loop-deep",
    }),
    maxRetries: 0,
  });
  v1 = await startV1Server();
  fx = await orgWithRoles();
  const created = await issueKey(await fx.people.member.principal(), fx.org.id);
  secret = created.secret;
  keyId = created.key.id;
});

afterAll(async () => {
  configureProviders(null);
  await v1?.close();
  await upstream?.close();
});

const client = (apiKey = secret) => new OpenAI({ apiKey, baseURL: `${v1.url}/api/v1`, maxRetries: 0, timeout: 20_000 });
const ask = (content: string) => [{ role: "user" as const, content }];
const openHolds = (orgId: string) => db.budgetHold.count({ where: { orgId } });

async function apiError(call: () => Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await call();
  } catch (err) {
    if (err instanceof OpenAI.APIError) return err;
    throw err;
  }
  throw new Error("the call succeeded");
}

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${v1.url}/api/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", ...headers }, body });

describe("the official openai client against /api/v1", () => {
  it("answers a completion, metered on the key like any agent call", async () => {
    const { data, response } = await client().chat.completions.create({ model: "aios/standard", messages: ask("Say hello") }).withResponse();
    expect(data.object).toBe("chat.completion");
    expect(data.choices[0]!.message.content).toBe(HELLO);
    expect(data.choices[0]!.finish_reason).toBe("stop");
    expect(data.usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 7, total_tokens: 27 });
    const llmCallId = response.headers.get("x-aios-llm-call-id")!;
    expect(data.id).toBe(`chatcmpl-${llmCallId}`);
    const row = await db.llmCall.findUniqueOrThrow({ where: { id: llmCallId } });
    expect(row).toMatchObject({ orgId: fx.org.id, apiKeyId: keyId, userId: fx.people.member.user.id, purpose: "chat", provider: "compatible", model: "loop-standard", tokensIn: 20, tokensOut: 7, status: "ok" });
    expect(upstream.requests.at(-1)!.body.model).toBe("loop-standard");
  });

  it("streams chunks with the usage chunk last when asked", async () => {
    const stream = await client().chat.completions.create({ model: "aios/fast", messages: ask("Say hello, streamed"), stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.object === "chat.completion.chunk")).toBe(true);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe(HELLO);
    expect(chunks.filter((c) => (c.choices[0]?.delta.content ?? "") !== "").length).toBeGreaterThan(1); // in pieces, as the provider sent them
    expect(chunks[0]!.choices[0]!.delta.role).toBe("assistant");
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe("stop");
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 20, completion_tokens: 7 } });
    expect(upstream.requests.at(-1)!.body).toMatchObject({ model: "loop-fast", stream: true });
  });

  it("returns tool calls, as JSON and streamed", async () => {
    const tools = [
      {
        type: "function" as const,
        function: { name: "get_weather", description: "The weather in a city", parameters: { type: "object", properties: { city: { type: "string" }, unit: { type: "string" } }, required: ["city"] } },
      },
    ];
    const done = await client().chat.completions.create({ model: "aios/standard", messages: ask("Weather in Paris?"), tools });
    const call = done.choices[0]!.message.tool_calls![0]!;
    expect(done.choices[0]!.finish_reason).toBe("tool_calls");
    expect(call.type === "function" && [call.function.name, JSON.parse(call.function.arguments)]).toEqual(["get_weather", WEATHER]);
    // The provider saw the client's JSON schema unchanged.
    expect(upstream.requests.at(-1)!.body.tools[0].function).toMatchObject({ name: "get_weather", parameters: tools[0]!.function.parameters });

    const stream = await client().chat.completions.create({ model: "aios/standard", messages: ask("Weather in Paris, streamed?"), tools, stream: true });
    let name = "";
    let args = "";
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const t of chunk.choices[0]?.delta.tool_calls ?? []) {
        name += t.function?.name ?? "";
        args += t.function?.arguments ?? "";
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect([name, JSON.parse(args), finish]).toEqual(["get_weather", WEATHER, "tool_calls"]);

    // The tool result goes back in OpenAI's format and reaches the provider as a tool message.
    const after = await client().chat.completions.create({
      model: "aios/standard",
      messages: [...ask("Weather in Paris?"), { role: "assistant", content: null, tool_calls: [{ id: call.id, type: "function", function: { name: "get_weather", arguments: JSON.stringify(WEATHER) } }] }, { role: "tool", tool_call_id: call.id, content: "18 °C" }],
    });
    expect(after.choices[0]!.message.content).toBe(HELLO);
    expect(upstream.requests.at(-1)!.body.messages.at(-1)).toMatchObject({ role: "tool", tool_call_id: call.id, content: "18 °C" });
  });

  it("answers structured output for response_format json_schema", async () => {
    const schema = { type: "object", properties: { items: { type: "array", items: { type: "string" } }, count: { type: "number" } }, required: ["items", "count"], additionalProperties: false };
    const done = await client().chat.completions.create({
      model: "aios/standard",
      messages: ask("List two letters and count them"),
      response_format: { type: "json_schema", json_schema: { name: "letters", schema, strict: true } },
    });
    expect(JSON.parse(done.choices[0]!.message.content!)).toEqual(COUNT);
    expect(upstream.requests.at(-1)!.body.response_format).toMatchObject({ type: "json_schema", json_schema: { schema: expect.objectContaining({ required: ["items", "count"] }) } });
  });

  it("lists the tier aliases and the org's catalog models, which work as `model`; an unknown name is 404", async () => {
    const ids = [];
    for await (const m of client().models.list()) ids.push(m.id);
    expect(ids.slice(0, 3)).toEqual(["aios/fast", "aios/standard", "aios/deep"]);
    const entries = await db.modelCatalogEntry.findMany({ where: { orgId: fx.org.id, enabled: true } });
    const deep = entries.find((e) => e.modelId === "loop-deep")!;
    expect(ids).toEqual(expect.arrayContaining(entries.map((e) => e.id)));

    expect(await client().models.retrieve("aios/deep")).toEqual({ id: "aios/deep", object: "model", created: 0, owned_by: "aios" });
    expect(await client().models.retrieve(deep.id)).toMatchObject({ id: deep.id, object: "model", owned_by: "compatible", model: "loop-deep" });
    expect(await apiError(() => client().models.retrieve("gpt-imaginary"))).toMatchObject({ status: 404, code: "model_not_found" });

    const byId = await client().chat.completions.create({ model: deep.id, messages: ask("Say hello") });
    expect(byId.choices[0]!.message.content).toBe(HELLO);
    expect(upstream.requests.at(-1)!.body.model).toBe("loop-deep");
    await client().chat.completions.create({ model: "loop-deep", messages: ask("Say hello") }); // its bare model id, when only one entry has it
    expect(upstream.requests.at(-1)!.body.model).toBe("loop-deep");

    const before = upstream.requests.length;
    const missing = await apiError(() => client().chat.completions.create({ model: "gpt-imaginary", messages: ask("hi") }));
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect([missing.status, missing.code, missing.param]).toEqual([404, "model_not_found", "model"]);
    expect(missing.message).toMatch(/The model 'gpt-imaginary' does not exist .* GET \/api\/v1\/models lists the models this key can use \(aios\/fast, aios\/standard, aios\/deep/);
    expect(upstream.requests.length).toBe(before);
  });
});

describe("budgets, keys and permissions", () => {
  it("over budget: 429 insufficient_quota (RateLimitError); a full per-minute budget: 429 rate_limit_exceeded with Retry-After", async () => {
    const own = await orgWithRoles();
    const { secret: s } = await issueKey(await own.people.owner.principal(), own.org.id);
    const quota = await db.budget.create({ data: { orgId: own.org.id, scope: "org", scopeId: own.org.id, metric: "tokens", period: "total", limit: 1, policy: "stop" } });
    const over = await apiError(() => client(s).chat.completions.create({ model: "aios/fast", messages: ask("hi") }));
    expect(over).toBeInstanceOf(OpenAI.RateLimitError);
    expect([over.status, over.code, (over.error as { type?: string }).type]).toEqual([429, "insufficient_quota", "insufficient_quota"]);
    expect(over.message).toMatch(/The organisation limit of 1 tokens in total is used up/);
    const streamed = await apiError(() => client(s).chat.completions.create({ model: "aios/fast", messages: ask("hi"), stream: true }));
    expect([streamed.status, streamed.code]).toEqual([429, "insufficient_quota"]); // refused before the stream starts
    await db.budget.delete({ where: { id: quota.id } });

    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const rate = await db.budget.create({ data: { orgId: own.org.id, scope: "org", scopeId: own.org.id, metric: "requests", period: "minute", limit: 1, spent: 1, policy: "stop", periodStart: minute } });
    let limited = await apiError(() => client(s).chat.completions.create({ model: "aios/fast", messages: ask("hi") })).catch(() => null);
    if (!limited) {
      // The minute turned between creating the budget and the call: fill it again.
      await db.budget.update({ where: { id: rate.id }, data: { spent: 1, held: 0, periodStart: new Date(Math.floor(Date.now() / 60_000) * 60_000) } });
      limited = await apiError(() => client(s).chat.completions.create({ model: "aios/fast", messages: ask("hi") }));
    }
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited.code).toBe("rate_limit_exceeded");
    expect(Number(limited.headers?.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await db.llmCall.count({ where: { orgId: own.org.id } })).toBe(0);
    expect(await openHolds(own.org.id)).toBe(0);
  });

  it("a revoked key is 401 (AuthenticationError); no key, a session cookie, a key without models:invoke are refused", async () => {
    const owner = await fx.people.owner.principal();
    const doomed = await issueKey(owner, fx.org.id, { name: "to revoke" });
    expect((await client(doomed.secret).chat.completions.create({ model: "aios/fast", messages: ask("Say hello") })).choices[0]!.message.content).toBe(HELLO);
    await (await callerAs(owner)).apiKeys.revoke({ orgId: fx.org.id, keyId: doomed.key.id });
    const revoked = await apiError(() => client(doomed.secret).chat.completions.create({ model: "aios/fast", messages: ask("hi") }));
    expect(revoked).toBeInstanceOf(OpenAI.AuthenticationError);
    expect([revoked.status, revoked.code, revoked.message]).toEqual([401, "invalid_api_key", "401 This API key was revoked. Create a new key."]);
    const listing = await apiError(() => client(doomed.secret).models.list());
    expect(listing.status).toBe(401);

    const garbage = await apiError(() => client("not-a-key").chat.completions.create({ model: "aios/fast", messages: ask("hi") }));
    expect([garbage.status, garbage.code]).toEqual([401, "invalid_api_key"]);
    const cookieOnly = await fetch(`${v1.url}/api/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await sessionCookie(fx.people.owner.sessionId), origin: new URL(env.publicUrl).origin },
      body: JSON.stringify({ model: "aios/fast", messages: ask("hi") }),
    });
    expect(cookieOnly.status).toBe(401);
    expect(((await cookieOnly.json()) as { error: { message: string } }).error.message).toMatch(/^You didn't provide an API key\. Send your AIOS API key in the Authorization header/);

    const readOnly = await issueKey(owner, fx.org.id, { scopes: ["org:read", "models:read"], name: "read only" });
    const denied = await apiError(() => client(readOnly.secret).chat.completions.create({ model: "aios/fast", messages: ask("hi") }));
    expect(denied).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(denied.message).toBe("403 This API key's scopes do not include models:invoke.");
    const viewer = await issueKey(await fx.people.viewer.principal(), fx.org.id, { name: "viewer" });
    expect((await apiError(() => client(viewer.secret).models.list())).status).toBe(403);
  });

  it("a key restricted to a project calls on that project's account", async () => {
    const { secret: s, key } = await issueKey(await fx.people.member.principal(), fx.org.id, { projectId: fx.project.id, name: "project key" });
    const { response } = await client(s).chat.completions.create({ model: "aios/fast", messages: ask("Say hello") }).withResponse();
    const row = await db.llmCall.findUniqueOrThrow({ where: { id: response.headers.get("x-aios-llm-call-id")! } });
    expect(row).toMatchObject({ projectId: fx.project.id, apiKeyId: key.id });
  });
});

describe("bad input never ends in a 5xx", () => {
  const errorOf = async (res: Response) => [res.status, ((await res.json()) as { error: { message: string; type: string; param: string | null; code: string | null } }).error] as const;

  it("malformed, empty, non-object and unknown-field bodies are 400 in OpenAI's format", async () => {
    const [status, error] = await errorOf(await post("{not json"));
    expect(status).toBe(400);
    expect(error).toEqual({ message: expect.stringMatching(/^We could not parse the JSON body of your request\./), type: "invalid_request_error", param: null, code: null });
    for (const body of ["", "[]", "null", "42", JSON.stringify({ model: "aios/fast" }), JSON.stringify({ model: "aios/fast", messages: ask("hi"), temperature: "hot" })]) {
      const [s, e] = await errorOf(await post(body));
      expect([s, e.type], body).toEqual([400, "invalid_request_error"]);
      expect(e.message).not.toMatch(/ZodError|"code":|\bat \w+ \(/);
    }
    const [s2, unknown] = await errorOf(await post(JSON.stringify({ model: "aios/fast", messages: ask("hi"), frobnicate: 1 })));
    expect([s2, unknown.message, unknown.param]).toEqual([400, 'Unrecognized request argument supplied: "frobnicate".', "frobnicate"]);
    const viaClient = await apiError(() => client().chat.completions.create({ model: "aios/fast", messages: [{ role: "tool", tool_call_id: "nope", content: "x" }, ...ask("hi")] }));
    expect(viaClient).toBeInstanceOf(OpenAI.BadRequestError);
    expect(viaClient.param).toBe("messages[0].tool_call_id");
  });

  it("a huge body is 413, a non-JSON type 415, a wrong method 405 — all in OpenAI's format", async () => {
    const huge = await post(JSON.stringify({ model: "aios/fast", messages: ask("x".repeat(5 * 1024 * 1024)) }));
    const [s413, e413] = await errorOf(huge);
    expect([s413, e413.type]).toEqual([413, "invalid_request_error"]);
    expect(e413.message).toMatch(/larger than this endpoint accepts \(4 MiB at most\)/);
    const [s415, e415] = await errorOf(await post(JSON.stringify({ model: "aios/fast", messages: ask("hi") }), { "content-type": "text/plain" }));
    expect([s415, e415.message]).toEqual([415, "This endpoint accepts only JSON: send the body with Content-Type: application/json."]);
    const [s405] = await errorOf(await fetch(`${v1.url}/api/v1/chat/completions`, { headers: { authorization: `Bearer ${secret}` } }));
    expect(s405).toBe(405);
  });

  it("hostile and generated bodies: every answer below 500 with a readable sentence", async () => {
    const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
    const msg = (content: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ model: "aios/fast", messages: [{ role: "user", content, ...extra }] });
    const problems: string[] = [];
    const check = async (label: string, body: string) => {
      const res = await post(body);
      const text = await res.text();
      for (const p of judge(res.status, text, res.headers.get("content-type") ?? "")) problems.push(`${label}: ${p}`);
      if (res.status >= 400 && !/^\{"error":\{"message":/.test(text)) problems.push(`${label}: not OpenAI's error format: ${text.slice(0, 200)}`);
      return res.status;
    };
    // Odd but valid text is the model's business: answered (200) or refused, never a 5xx.
    for (const [label, content] of [["NUL in the text", "a\u0000b"], ["a lone surrogate", "broken \ud800 text"], ["odd unicode", "\u202Eevil\u200B👩‍👩‍👧"]] as const) {
      expect(await check(label, msg(content)), label).toBeLessThan(500);
    }
    const bodies = [
      ["content as a number", msg(42)],
      ["content parts of an unknown type", msg([{ type: "input_audio", input_audio: { data: "x", format: "wav" } }])],
      ["an empty parts list", msg([])],
      ["10,000-deep array as messages", `{"model":"aios/fast","messages":${deep(10_000)}}`],
      ["10,000-deep object as content", `{"model":"aios/fast","messages":[{"role":"user","content":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}}]}`],
      ["a model name of 5,000 characters", JSON.stringify({ model: "m".repeat(5000), messages: ask("hi") })],
      ["NUL in the model name", JSON.stringify({ model: "aios/fast\u0000", messages: ask("hi") })],
      ["tools not a list", JSON.stringify({ model: "aios/fast", messages: ask("hi"), tools: "all" })],
      ["a tool without a name", JSON.stringify({ model: "aios/fast", messages: ask("hi"), tools: [{ type: "function", function: {} }] })],
      ["a tool whose schema is a string", JSON.stringify({ model: "aios/fast", messages: ask("hi"), tools: [{ type: "function", function: { name: "f", parameters: { type: "string" } } }] })],
      ["response_format of an unknown type", JSON.stringify({ model: "aios/fast", messages: ask("hi"), response_format: { type: "yaml" } })],
      ["stream as a string", JSON.stringify({ model: "aios/fast", messages: ask("hi"), stream: "yes" })],
      ["max_tokens of zero", JSON.stringify({ model: "aios/fast", messages: ask("hi"), max_tokens: 0 })],
      ["a superjson envelope", JSON.stringify({ json: { model: "aios/fast", messages: ask("hi") } })],
      ["only a system message", JSON.stringify({ model: "aios/fast", messages: [{ role: "system", content: "You are root" }] })],
    ] as const;
    for (const [label, body] of bodies) expect(await check(label, body), label).toBeGreaterThanOrEqual(400);
    // Generated: chat-shaped often enough to get past the first checks, and arbitrary JSON.
    const message = fc.record({ role: fc.constantFrom("user", "assistant", "system", "developer", "tool", "function", ""), content: fc.oneof(fc.string({ unit: "binary", maxLength: 60 }), fc.jsonValue({ maxDepth: 2 })) }, { requiredKeys: ["role"] });
    const shaped = fc.record(
      { model: fc.oneof(fc.constantFrom("aios/fast", "aios/deep", "nope"), fc.string({ maxLength: 40 })), messages: fc.array(message, { maxLength: 3 }), temperature: fc.oneof(fc.double(), fc.constant(0)), stream: fc.boolean(), tools: fc.jsonValue({ maxDepth: 2 }) },
      { requiredKeys: ["model", "messages"] },
    );
    const seed = Number(process.env.AIOS_FUZZ_SEED ?? Date.now() % 2 ** 31);
    for (const [i, body] of fc.sample(fc.oneof(shaped, fc.jsonValue({ maxDepth: 3 })), { numRuns: Number(process.env.AIOS_FUZZ_RUNS ?? 8) * 5, seed }).entries()) {
      await check(`generated #${i} (seed ${seed})`, JSON.stringify(body));
    }
    expect(problems).toEqual([]);
  });

  it("a stream the client abandons half way: the call is cancelled, recorded, and its budget hold released", async () => {
    const budget = await db.budget.create({ data: { orgId: fx.org.id, scope: "apiKey", scopeId: keyId, metric: "usd", period: "total", limit: 100, policy: "stop" } });
    const stream = await client().chat.completions.create({ model: "aios/standard", messages: ask(ABANDON), stream: true });
    const seen: string[] = [];
    for await (const chunk of stream) {
      seen.push(chunk.choices[0]?.delta.content ?? "");
      // Leaving the loop aborts the client's request: the connection closes half way through the answer.
      if (seen.join("").includes("Once upon")) break;
    }
    expect(seen.join("")).toMatch(/^Once upon/);
    // The gateway hears the abort, records the attempt and settles the hold (no sweep needed).
    let row = null;
    for (let i = 0; i < 100 && !row; i++) {
      row = await db.llmCall.findFirst({ where: { orgId: fx.org.id, apiKeyId: keyId, status: "error", error: { contains: "cancelled" } } });
      if (!row) await new Promise((r) => setTimeout(r, 100));
    }
    expect(row).toMatchObject({ purpose: "chat", model: "loop-standard" });
    expect(await openHolds(fx.org.id)).toBe(0);
    expect(Number((await db.budget.findUniqueOrThrow({ where: { id: budget.id } })).held)).toBe(0);
    await db.budget.delete({ where: { id: budget.id } });
  });
});

describe("the response cache", () => {
  it("answers a repeated temperature-0 request from the org's own cache, never from another org's", async () => {
    const request = { model: "aios/fast", messages: ask(`What is 2 + 2? (${Date.now()})`), temperature: 0 };
    const a1 = await client().chat.completions.create(request).withResponse();
    const a2 = await client().chat.completions.create(request).withResponse();
    const other = await issueKey(await fx.people.outsider.principal(), fx.other.id);
    const b1 = await client(other.secret).chat.completions.create(request).withResponse();
    expect([a1, a2, b1].map((r) => r.response.headers.get("x-aios-cache"))).toEqual(["miss", "hit", "miss"]);
    expect(a2.data.choices[0]!.message.content).toBe(a1.data.choices[0]!.message.content);
    const rows = await db.llmCall.findMany({ where: { id: { in: [a1, a2, b1].map((r) => r.response.headers.get("x-aios-llm-call-id")!) } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const b = byId.get(b1.response.headers.get("x-aios-llm-call-id")!)!;
    expect([b.orgId, b.cacheHit]).toEqual([fx.other.id, false]);
    expect(byId.get(a2.response.headers.get("x-aios-llm-call-id")!)).toMatchObject({ cacheHit: true, costUsd: expect.anything() });
  });
});
