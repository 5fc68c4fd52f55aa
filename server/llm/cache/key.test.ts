import { jsonSchema, type ModelMessage } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isCacheableRequest, responseCacheKey, type CacheKeyRequest } from "./key";
import { stableStringify } from "./stable-json";

const model = { provider: "openai", modelId: "gpt-4o-mini" };
const readFile = { description: "Read a file", inputSchema: z.object({ path: z.string(), limit: z.number().optional() }) };
const writeFile = { description: "Write a file", inputSchema: z.object({ path: z.string(), content: z.string() }) };
const messages: ModelMessage[] = [
  { role: "user", content: "Build a greeter." },
  { role: "assistant", content: [{ type: "tool-call", toolCallId: "c1", toolName: "readFile", input: { path: "a.ts", limit: 10 } }] },
  { role: "tool", content: [{ type: "tool-result", toolCallId: "c1", toolName: "readFile", output: { type: "text", value: "x" } }] },
];
const base: CacheKeyRequest = {
  purpose: "agent",
  system: "You are the developer.",
  messages,
  tools: { readFile, writeFile },
  temperature: 0,
  maxOutputTokens: 1000,
};

describe("stableStringify", () => {
  it("sorts object keys at every depth and drops undefined properties, keeping array order", () => {
    expect(stableStringify({ b: 1, a: { d: [2, { z: 1, y: undefined, x: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"x":0,"z":1}]},"b":1}');
    expect(stableStringify([3, 1, 2])).toBe("[3,1,2]");
  });

  it("writes binary data by its content and refuses what JSON cannot hold", () => {
    expect(stableStringify({ data: new Uint8Array([1, 2, 3]) })).toBe('{"data":"bytes:AQID"}');
    expect(stableStringify(new URL("https://example.com/a"))).toBe('"url:https://example.com/a"');
    expect(() => stableStringify({ f: () => 1 })).toThrow(/function/);
    expect(() => stableStringify(Number.NaN)).toThrow(/NaN/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stableStringify(cyclic)).toThrow(/cyclic/);
  });
});

describe("responseCacheKey", () => {
  it("is a sha256 hex that does not depend on key order (messages, tools, tool inputs)", async () => {
    const key = await responseCacheKey(model, base);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const reordered: CacheKeyRequest = {
      maxOutputTokens: 1000,
      temperature: 0,
      tools: { writeFile, readFile },
      messages: [
        { content: "Build a greeter.", role: "user" },
        { content: [{ input: { limit: 10, path: "a.ts" }, toolName: "readFile", toolCallId: "c1", type: "tool-call" }], role: "assistant" },
        { content: [{ output: { value: "x", type: "text" }, toolName: "readFile", toolCallId: "c1", type: "tool-result" }], role: "tool" },
      ],
      system: "You are the developer.",
      purpose: "agent",
    };
    expect(await responseCacheKey(model, reordered)).toBe(key);
    // An equal zod schema built separately, fields in another order, keys the same: the key reads its JSON
    // Schema, not its identity (the answer satisfies both alike: fields are parsed by name).
    const rebuilt = { description: "Read a file", inputSchema: z.object({ limit: z.number().optional(), path: z.string() }) };
    expect(await responseCacheKey(model, { ...base, tools: { readFile: rebuilt, writeFile } })).toBe(key);
  });

  it("changes with anything that changes the answer", async () => {
    const key = await responseCacheKey(model, base);
    const variants: [string, Promise<string | null>][] = [
      ["model", responseCacheKey({ provider: "openai", modelId: "gpt-4o" }, base)],
      ["provider", responseCacheKey({ provider: "compatible", modelId: "gpt-4o-mini" }, base)],
      ["temperature", responseCacheKey(model, { ...base, temperature: 0.2 })],
      ["maxOutputTokens", responseCacheKey(model, { ...base, maxOutputTokens: 999 })],
      ["system", responseCacheKey(model, { ...base, system: "You are the tester." })],
      ["purpose", responseCacheKey(model, { ...base, purpose: "chat" })],
      ["a message", responseCacheKey(model, { ...base, messages: [{ role: "user", content: "Build a greeter!" }, ...messages.slice(1)] })],
      ["message order", responseCacheKey(model, { ...base, messages: [...messages].reverse() })],
      ["one tool fewer", responseCacheKey(model, { ...base, tools: { readFile } })],
      ["a tool description", responseCacheKey(model, { ...base, tools: { readFile: { ...readFile, description: "Read" }, writeFile } })],
      ["a tool schema", responseCacheKey(model, { ...base, tools: { readFile: { ...readFile, inputSchema: z.object({ path: z.string() }) }, writeFile } })],
      ["a tool name", responseCacheKey(model, { ...base, tools: { read_file: readFile, writeFile } })],
      ["no tools", responseCacheKey(model, { ...base, tools: undefined })],
      ["an output schema", responseCacheKey(model, { ...base, output: z.object({ ok: z.boolean() }) })],
      ["a seed", responseCacheKey(model, { ...base, seed: 7 })],
    ];
    const keys = await Promise.all(variants.map(([, k]) => k));
    keys.forEach((k, i) => {
      expect(k, variants[i]![0]).toMatch(/^[0-9a-f]{64}$/);
      expect(k, variants[i]![0]).not.toBe(key);
    });
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("keys a raw JSON-schema tool (the endpoint's) like the equal zod tool", async () => {
    const raw = {
      description: "Write a file",
      inputSchema: jsonSchema({ type: "object", properties: { path: { type: "string" } }, required: ["path"] }),
    };
    const key = await responseCacheKey(model, { ...base, tools: { writeFile: raw } });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await responseCacheKey(model, { ...base, tools: { writeFile: raw } })).toBe(key);
  });

  it("refuses to key what it cannot see faithfully: the offline model, a transform, a Date schema", async () => {
    expect(await responseCacheKey({ provider: "offline", modelId: "aios-offline-1" }, base)).toBeNull();
    expect(await responseCacheKey(model, { ...base, output: z.object({ n: z.string().transform(Number) }) })).toBeNull();
    expect(await responseCacheKey(model, { ...base, tools: { at: { description: "When", inputSchema: z.object({ at: z.date() }) } } })).toBeNull();
    expect(await responseCacheKey(model, { ...base, messages: [{ role: "user", content: [{ type: "text", text: "x", providerOptions: { x: { f: Number.NaN } } }] }] })).toBeNull();
  });
});

describe("isCacheableRequest", () => {
  it("takes only deterministic calls that did not opt out, while the cache is on", () => {
    expect(isCacheableRequest({ temperature: 0 }, 60)).toBe(true);
    expect(isCacheableRequest({ temperature: 0, cache: true }, 60)).toBe(true);
    expect(isCacheableRequest({ temperature: 0, cache: false }, 60)).toBe(false);
    expect(isCacheableRequest({ temperature: 0.7 }, 60)).toBe(false);
    expect(isCacheableRequest({}, 60)).toBe(false); // the provider's default temperature is not 0
    expect(isCacheableRequest({ temperature: 0 }, 0)).toBe(false); // AIOS_LLM_CACHE_TTL_SECONDS=0
    expect(isCacheableRequest({ temperature: 0, routing: { failures: 1 } }, 60)).toBe(false); // a retry wants a fresh answer
    expect(isCacheableRequest({ temperature: 0, routing: { failures: 0 } }, 60)).toBe(true);
  });
});
