import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureProviders, parseLlmConfig } from "@/server/llm";
import { startLoopbackOpenAI, type Loopback, type LoopbackRequest } from "@/tests/helpers/loopback-openai";
import { startV1Server, type V1Server } from "@/tests/helpers/v1-server";
import { issueKey } from "./api-keys-helpers";
import { orgWithRoles, type OrgFixture } from "./fixtures";

// The sampling and tool parameters of /api/v1/chat/completions, driven by the official `openai` client
// over real HTTP against a loopback OpenAI-compatible provider: tool_choice "required" and a named
// function are forced on the provider (and an answer that ignores them is a readable error), stop and
// seed reach the provider, JSON and streamed; n > 1 and logprobs are refused in OpenAI's format; calls
// with stop or seed are never answered from the response cache (its key does not hold them).

const WEATHER = { city: "Paris" };
const IGNORES_TOOLS = "answer in words even when a tool is required";

let upstream: Loopback;
let v1: V1Server;
let fx: OrgFixture;
let secret: string;

const lastUser = (r: LoopbackRequest) => JSON.stringify(r.body?.messages?.at(-1)?.content ?? "");

beforeAll(async () => {
  upstream = await startLoopbackOpenAI({
    script: (req) => {
      if (lastUser(req).includes(IGNORES_TOOLS)) return { text: "I would rather talk.", usage: { inputTokens: 12, outputTokens: 5 } };
      if (Array.isArray(req.body?.tools) && req.body.tools.length > 0) {
        const name = req.body.tool_choice?.function?.name ?? req.body.tools[0].function.name;
        return { toolCalls: [{ name, input: WEATHER }], usage: { inputTokens: 30, outputTokens: 10 } };
      }
      return { text: "Counting: 1, 2", usage: { inputTokens: 10, outputTokens: 4 } };
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
  secret = (await issueKey(await fx.people.member.principal(), fx.org.id)).secret;
});

afterAll(async () => {
  configureProviders(null);
  await v1?.close();
  await upstream?.close();
});

const client = () => new OpenAI({ apiKey: secret, baseURL: `${v1.url}/api/v1`, maxRetries: 0, timeout: 20_000 });
const ask = (content: string) => [{ role: "user" as const, content }];
const tools = [
  { type: "function" as const, function: { name: "get_weather", description: "The weather in a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } },
  { type: "function" as const, function: { name: "get_time", description: "The time in a city", parameters: { type: "object", properties: { city: { type: "string" } } } } },
];

async function apiError(call: () => Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await call();
  } catch (err) {
    if (err instanceof OpenAI.APIError) return err;
    throw err;
  }
  throw new Error("the call succeeded");
}

describe("tool_choice", () => {
  it('"required" is forced on the provider, and the tool call comes back', async () => {
    const done = await client().chat.completions.create({ model: "aios/standard", messages: ask("Weather in Paris?"), tools, tool_choice: "required" });
    expect(upstream.requests.at(-1)!.body.tool_choice).toBe("required");
    expect(upstream.requests.at(-1)!.body.tools).toHaveLength(2);
    expect(done.choices[0]!.finish_reason).toBe("tool_calls");
    const call = done.choices[0]!.message.tool_calls![0]!;
    expect(call.type === "function" && [call.function.name, JSON.parse(call.function.arguments)]).toEqual(["get_weather", WEATHER]);
  });

  it("a named function is forced, JSON and streamed", async () => {
    const choice = { type: "function" as const, function: { name: "get_time" } };
    const done = await client().chat.completions.create({ model: "aios/standard", messages: ask("Time in Paris?"), tools, tool_choice: choice });
    expect(upstream.requests.at(-1)!.body.tool_choice).toEqual({ type: "function", function: { name: "get_time" } });
    const call = done.choices[0]!.message.tool_calls![0]!;
    expect(call.type === "function" && call.function.name).toBe("get_time");

    const stream = await client().chat.completions.create({ model: "aios/fast", messages: ask("Time in Paris, streamed?"), tools, tool_choice: choice, stream: true });
    const names: string[] = [];
    for await (const chunk of stream) for (const c of chunk.choices[0]?.delta.tool_calls ?? []) if (c.function?.name) names.push(c.function.name);
    expect(upstream.requests.at(-1)!.body).toMatchObject({ stream: true, tool_choice: { type: "function", function: { name: "get_time" } } });
    expect(names).toEqual(["get_time"]);
  });

  it("a model that answers in words when a tool is required: a readable error, not a silent text answer", async () => {
    const err = await apiError(() => client().chat.completions.create({ model: "aios/standard", messages: ask(IGNORES_TOOLS), tools, tool_choice: "required" }));
    // The provider answered, but not as asked: a bad gateway answer, in words.
    expect(err.status).toBe(502);
    expect(err.message).toMatch(/did not contain a tool call even though tool choice was required/);
    expect(err.message).not.toMatch(/\{|stack|at .*\.ts/);
  });

  it('"required" without tools is a 400 naming tool_choice', async () => {
    const err = await apiError(() => client().chat.completions.create({ model: "aios/standard", messages: ask("hi"), tool_choice: "required" }));
    expect([err.status, err.param]).toEqual([400, "tool_choice"]);
    expect(err.message).toMatch(/needs at least one tool/);
  });
});

describe("stop and seed", () => {
  it("reach the provider, as a string or a list, JSON and streamed", async () => {
    const one = await client().chat.completions.create({ model: "aios/fast", messages: ask("Count to five"), stop: "3", seed: 42 });
    expect(one.choices[0]!.message.content).toBe("Counting: 1, 2");
    expect(upstream.requests.at(-1)!.body).toMatchObject({ stop: ["3"], seed: 42 });

    const stream = await client().chat.completions.create({ model: "aios/fast", messages: ask("Count to six"), stop: ["4", "END"], stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("Counting: 1, 2");
    expect(upstream.requests.at(-1)!.body).toMatchObject({ stream: true, stop: ["4", "END"] });
    expect(upstream.requests.at(-1)!.body.seed).toBeUndefined();
  });

  it("more than four stop sequences, or an empty one, is a 400 naming stop", async () => {
    const tooMany = await apiError(() => client().chat.completions.create({ model: "aios/fast", messages: ask("hi"), stop: ["a", "b", "c", "d", "e"] }));
    expect([tooMany.status, tooMany.param]).toEqual([400, "stop"]);
    expect(tooMany.message).toMatch(/Invalid value for 'stop': expected a string or a list of up to 4/);
    expect(tooMany.message).not.toMatch(/\{|ZodError/);
    const empty = await apiError(() => client().chat.completions.create({ model: "aios/fast", messages: ask("hi"), stop: "" }));
    expect([empty.status, empty.param]).toEqual([400, "stop"]);
  });

  it("a temperature-0 call with stop or seed is never answered from the cache", async () => {
    for (const extra of [{ stop: "9" }, { seed: 7 }]) {
      const before = upstream.requests.length;
      const body = { model: "aios/fast", messages: ask(`Deterministic ${JSON.stringify(extra)}`), temperature: 0, ...extra };
      const a = await client().chat.completions.create(body).withResponse();
      const b = await client().chat.completions.create(body).withResponse();
      expect([a.response.headers.get("x-aios-cache"), b.response.headers.get("x-aios-cache")]).toEqual(["miss", "miss"]);
      expect(upstream.requests.length - before).toBe(2);
    }
  });
});

describe("parameters the gateway cannot honour", () => {
  it("n > 1 is a 400 in OpenAI's format that says only one choice is returned", async () => {
    const before = upstream.requests.length;
    const err = await apiError(() => client().chat.completions.create({ model: "aios/fast", messages: ask("hi"), n: 3 }));
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect([err.status, err.param, err.type]).toEqual([400, "n", "invalid_request_error"]);
    expect(err.message).toMatch(/only 1 is supported: this endpoint returns one choice per request/);
    const ok = await client().chat.completions.create({ model: "aios/fast", messages: ask("hi"), n: 1 });
    expect(ok.choices).toHaveLength(1);
    expect(upstream.requests.length - before).toBe(1); // the refused request never reached the provider
  });

  it("logprobs and top_logprobs are a 400 saying they are not supported", async () => {
    const lp = await apiError(() => client().chat.completions.create({ model: "aios/fast", messages: ask("hi"), logprobs: true }));
    expect([lp.status, lp.param]).toEqual([400, "logprobs"]);
    expect(lp.message).toMatch(/log probabilities are not supported/);
    const top = await apiError(() => client().chat.completions.create({ model: "aios/fast", messages: ask("hi"), top_logprobs: 5 }));
    expect([top.status, top.param]).toEqual([400, "top_logprobs"]);
    // logprobs: false changes nothing and is accepted.
    const ok = await client().chat.completions.create({ model: "aios/fast", messages: ask("hi"), logprobs: false });
    expect(ok.choices[0]!.message.content).toBe("Counting: 1, 2");
  });
});
