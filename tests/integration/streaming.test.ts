import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENT_TOOLS } from "@/lib/agent-tools";
import { IntakeDecision } from "@/lib/plan";
import { db } from "@/server/db";
import { POST } from "@/app/api/chat/route";
import { configureProviders } from "@/server/llm";
import { parseLlmConfig, type LlmVars } from "@/server/llm/config";
import { LlmError } from "@/server/llm/errors";
import { generateWith, type GenerateOptions, type StreamDelta } from "@/server/llm/gateway";
import { createProviderRegistry, type ProviderRegistry } from "@/server/llm/registry";
import { startLoopbackAnthropic } from "@/tests/helpers/loopback-anthropic";
import { startLoopbackOpenAI, type Loopback, type LoopbackRequest, type LoopbackScript } from "@/tests/helpers/loopback-openai";
import { chatId, cookieFor, say } from "./chat-helpers";
import { orgWithRoles } from "./fixtures";

// Streamed model steps (onDelta → streamText) against the loopback OpenAI stand-in (a test server that
// speaks the real Chat Completions SSE protocol to the real @ai-sdk clients): deltas arrive in order and
// add up to the recorded answer, tool inputs stream as they are written, a cut stream fails readably
// and is still recorded, and a provider that drops streamed tool calls is asked again in one shot.

type Provider = "openai" | "compatible";

function registryFor(provider: Provider, url: string): ProviderRegistry {
  const vars: LlmVars =
    provider === "openai"
      ? { OPENAI_API_KEY: "sk-loopback-openai", OPENAI_BASE_URL: url }
      : { AIOS_OPENAI_COMPATIBLE_URL: url, AIOS_OPENAI_COMPATIBLE_API_KEY: "ollama-key", AIOS_OPENAI_COMPATIBLE_NAME: "ollama" };
  const modelId = provider === "openai" ? "gpt-4o-mini" : `llama-${randomBytes(3).toString("hex")}`;
  const config = { ...parseLlmConfig({ ...vars, AIOS_MODEL_STANDARD: `${provider}:${modelId}` }), maxRetries: 0, timeoutMs: 10_000 };
  return createProviderRegistry(config, {
    offlineModel: () => {
      throw new Error("The offline model is not part of these tests.");
    },
  });
}

const tools = {
  write_file: { description: AGENT_TOOLS.write_file.description, inputSchema: AGENT_TOOLS.write_file.input },
  finish: { description: AGENT_TOOLS.finish.description, inputSchema: AGENT_TOOLS.finish.input },
};

let orgId: string;
let projectId: string;
const servers: Loopback[] = [];

beforeAll(async () => {
  const id = randomBytes(5).toString("hex");
  const org = await db.org.create({ data: { name: `Stream ${id}`, slug: `stream-${id}` } });
  const project = await db.project.create({ data: { orgId: org.id, name: "Streaming", goal: "Stream steps" } });
  orgId = org.id;
  projectId = project.id;
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function start(script: LoopbackScript) {
  const server = await startLoopbackOpenAI({ script });
  servers.push(server);
  return server;
}

function streamed(over: Partial<GenerateOptions> = {}) {
  const deltas: StreamDelta[] = [];
  const opts: GenerateOptions = {
    purpose: "agent",
    tier: "standard",
    system: "You are the backend agent.",
    messages: [{ role: "user", content: "Create hello.txt saying hi, then finish." }],
    scope: { orgId, projectId, taskId: `task-${randomBytes(3).toString("hex")}` },
    onDelta: (d) => deltas.push(d),
    ...over,
  };
  return { opts, deltas };
}

const textOf = (deltas: StreamDelta[]) => deltas.map((d) => (d.type === "text" ? d.text : "")).join("");

/** An SSE response of the Chat Completions protocol, written by hand (what a broken or partial server sends). */
function sse(res: ServerResponse, req: LoopbackRequest, chunks: Record<string, unknown>[], end: "done" | "cut" | "destroy") {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const c of chunks) {
    res.write(`data: ${JSON.stringify({ id: "chatcmpl-raw", object: "chat.completion.chunk", created: 1_700_000_000, model: req.body.model, ...c })}\n\n`);
  }
  if (end === "done") res.end("data: [DONE]\n\n");
  else if (end === "cut") res.end();
  else setTimeout(() => res.destroy(), 20);
}
const delta = (d: Record<string, unknown>, finish: string | null = null) => ({ choices: [{ index: 0, delta: d, finish_reason: finish }] });
const usageChunk = (prompt: number, completion: number) => ({ choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } });

describe.each(["openai", "compatible"] as const)("streamed steps through the gateway (%s)", (provider) => {
  it("sends text deltas in order that add up to the recorded answer", async () => {
    const text = "I will create hello.txt with the greeting, then call finish with a short summary of the work.";
    const server = await start([{ text, usage: { inputTokens: 300, outputTokens: 25 } }]);
    const { opts, deltas } = streamed();
    const res = await generateWith(registryFor(provider, server.url), opts);

    expect(server.requests[0]?.body.stream).toBe(true);
    expect(deltas.filter((d) => d.type === "text").length).toBeGreaterThan(5);
    expect(textOf(deltas)).toBe(text);
    expect(res.text).toBe(text);
    expect(res.finishReason).toBe("stop");
    const row = await db.llmCall.findUniqueOrThrow({ where: { id: res.llmCallId } });
    expect(row).toMatchObject({ status: "ok", tokensIn: 300, tokensOut: 25 });
  });

  it("streams a tool call's input as it is written and returns the parsed call", async () => {
    const input = { path: "src/hello.txt", content: "hi there, this is a longer file body" };
    const server = await start([{ text: "Writing it.", toolCalls: [{ id: "call_stream1", name: "write_file", input }] }]);
    const { opts, deltas } = streamed({ tools });
    const res = await generateWith(registryFor(provider, server.url), opts);

    expect(deltas.find((d) => d.type === "tool-input-start")).toEqual({ type: "tool-input-start", toolCallId: "call_stream1", toolName: "write_file" });
    const pieces = deltas.filter((d): d is Extract<StreamDelta, { type: "tool-input" }> => d.type === "tool-input");
    expect(pieces.length).toBeGreaterThan(3);
    expect(JSON.parse(pieces.map((p) => p.delta).join(""))).toEqual(input);
    // Text first, then the tool input: the order the model wrote them.
    expect(deltas.findIndex((d) => d.type === "text")).toBeLessThan(deltas.findIndex((d) => d.type === "tool-input-start"));
    expect(res.finishReason).toBe("tool-calls");
    expect(res.toolCalls).toEqual([{ toolCallId: "call_stream1", toolName: "write_file", input }]);
    // The step's messages carry the call, ready for the tool result (as a one-shot step's do).
    expect(JSON.stringify(res.responseMessages)).toContain("call_stream1");
  });

  it("streams structured output and still parses it", async () => {
    const decision = { intent: "general_question", projectId: null, needsClarification: false, reply: "AIOS is a team of agents that builds software." };
    const server = await start([{ text: JSON.stringify(decision) }]);
    const { opts, deltas } = streamed({ purpose: "intake", output: IntakeDecision, scope: { orgId } });
    const res = await generateWith(registryFor(provider, server.url), opts);
    expect(res.object).toEqual(decision);
    expect(textOf(deltas)).toBe(JSON.stringify(decision));
  });

  it("fails a stream that ends before the provider finished readably, and records the attempt", async () => {
    const server = await start((req) => ({
      raw: (res) => sse(res, req, [delta({ role: "assistant", content: "" }), delta({ content: "Half an ans" }), delta({ content: "wer and then" })], "cut"),
    }));
    const { opts, deltas } = streamed();
    const error = await generateWith(registryFor(provider, server.url), opts).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).message).toMatch(/stream ended before it finished/);
    expect((error as LlmError).message).not.toMatch(/[{}]/);
    // What was shown before the cut.
    expect(textOf(deltas)).toBe("Half an answer and then");
    const row = await db.llmCall.findUniqueOrThrow({ where: { id: (error as LlmError).details.llmCallId } });
    expect(row).toMatchObject({ status: "error", taskId: opts.scope.taskId });
    expect(row.error).toMatch(/stream ended before it finished/);
  });

  it("fails a stream whose connection drops mid-answer readably and records the attempt", async () => {
    const server = await start((req) => ({
      raw: (res) => sse(res, req, [delta({ role: "assistant", content: "" }), delta({ content: "Partial" })], "destroy"),
    }));
    const { opts } = streamed();
    const error = await generateWith(registryFor(provider, server.url), opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).message).toMatch(/stream ended before it finished/);
    const row = await db.llmCall.findUniqueOrThrow({ where: { id: (error as LlmError).details.llmCallId } });
    expect(row.status).toBe("error");
  });
});

describe("a cut stream whose provider already said what it billed (Anthropic sends input usage first)", () => {
  it("records the attempt with the tokens billed so far", async () => {
    const server = await startLoopbackAnthropic({
      script: () => ({
        raw: (res) => {
          res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
          const send = (data: Record<string, unknown>) => res.write(`event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`);
          send({
            type: "message_start",
            message: { id: "msg_cut", type: "message", role: "assistant", model: "claude-sonnet-4-5", content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 640, output_tokens: 1 } },
          });
          send({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
          send({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Starting the pa" } });
          res.end();
        },
      }),
    });
    servers.push(server);
    const config = { ...parseLlmConfig({ ANTHROPIC_API_KEY: "sk-ant-loopback", ANTHROPIC_BASE_URL: server.url, AIOS_MODEL_STANDARD: "anthropic:claude-sonnet-4-5" }), maxRetries: 0, timeoutMs: 10_000 };
    const registry = createProviderRegistry(config, {
      offlineModel: () => {
        throw new Error("The offline model is not part of these tests.");
      },
    });
    const { opts, deltas } = streamed();
    const error = await generateWith(registry, opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).message).toMatch(/stream ended before it finished/);
    expect(textOf(deltas)).toBe("Starting the pa");
    const row = await db.llmCall.findUniqueOrThrow({ where: { id: (error as LlmError).details.llmCallId } });
    expect(row).toMatchObject({ status: "error", tokensIn: 640 });
    expect(Number(row.costUsd)).toBeGreaterThan(0);
  });
});

describe("a provider that drops streamed tool calls (as Ollama does)", () => {
  it("asks again in one shot, bills both requests, and goes one-shot at once for that model afterwards", async () => {
    const input = { path: "a.txt", content: "A" };
    const server = await start((req) =>
      req.body.stream
        ? // The stream says "tool_calls" but carries none.
          { raw: (res) => sse(res, req, [delta({ role: "assistant", content: "" }), delta({}, "tool_calls"), usageChunk(100, 7)], "done") }
        : { toolCalls: [{ id: "call_oneshot", name: "write_file", input }], usage: { inputTokens: 100, outputTokens: 9 } },
    );
    const registry = registryFor("compatible", server.url);
    const { opts, deltas } = streamed({ tools });
    const res = await generateWith(registry, opts);

    expect(server.requests.map((r) => Boolean(r.body.stream))).toEqual([true, false]);
    expect(res.toolCalls).toEqual([{ toolCallId: "call_oneshot", toolName: "write_file", input }]);
    // Both requests were billed: one LlmCall with the sum.
    const row = await db.llmCall.findUniqueOrThrow({ where: { id: res.llmCallId } });
    expect(row).toMatchObject({ status: "ok", tokensIn: 200, tokensOut: 16 });
    // The one-shot answer is still shown as deltas: a reset, then the call's whole input.
    expect(deltas.at(-3)).toEqual({ type: "reset" });
    expect(deltas.at(-1)).toEqual({ type: "tool-input", toolCallId: "call_oneshot", delta: JSON.stringify(input) });

    // The next step of the same model with tools does not stream (it would be thrown away again).
    const again = await generateWith(registry, streamed({ tools }).opts);
    expect(again.toolCalls[0]?.toolName).toBe("write_file");
    expect(server.requests.map((r) => Boolean(r.body.stream))).toEqual([true, false, false]);
  });
});

describe("chat answers stream from the model", () => {
  it("shows the answer's words while the model is still writing them, then stores the whole answer", async () => {
    const reply = "AIOS is a team of AI agents that plans, builds and tests software for you. Describe what you want built.";
    const answer = JSON.stringify({ intent: "general_question", projectId: null, needsClarification: false, reply });
    let lastPieceAt = 0;
    // The stand-in writes the intake answer slowly (12 characters every 25 ms), as a real model streams.
    const server = await start((req) => ({
      raw: (res) => {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        const write = (c: Record<string, unknown>) =>
          res.write(`data: ${JSON.stringify({ id: "chatcmpl-slow", object: "chat.completion.chunk", created: 1_700_000_000, model: req.body.model, ...c })}\n\n`);
        const pieces = answer.match(/[\s\S]{1,12}/g)!;
        let i = 0;
        const timer = setInterval(() => {
          if (i < pieces.length) return write(delta({ content: pieces[i++] }));
          clearInterval(timer);
          lastPieceAt = Date.now();
          write(delta({}, "stop"));
          write(usageChunk(420, 60));
          res.end("data: [DONE]\n\n");
        }, 25);
      },
    }));
    const model = `compatible:chat-${randomBytes(3).toString("hex")}`;
    configureProviders({ ...parseLlmConfig({ AIOS_OPENAI_COMPATIBLE_URL: server.url, AIOS_MODEL_FAST: model, AIOS_MODEL_STANDARD: model, AIOS_MODEL_DEEP: model }) });
    try {
      const fx = await orgWithRoles();
      const id = chatId();
      const headers = new Headers({ "content-type": "application/json", cookie: await cookieFor(fx.people.member.sessionId) });
      const res = await POST(new Request("http://localhost/api/chat", { method: "POST", headers, body: JSON.stringify(say(fx.org.id, id, "What is AIOS?")) }));
      // Read the response as a browser does, noting when each text piece arrives.
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      const arrivals: { at: number; delta: string }[] = [];
      let buffer = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split("\n");
        buffer = lines.pop()!;
        for (const line of lines) {
          if (!line.startsWith("data: {")) continue;
          const chunk = JSON.parse(line.slice(6)) as { type: string; delta?: string };
          if (chunk.type === "text-delta") arrivals.push({ at: Date.now(), delta: chunk.delta! });
        }
      }

      expect(arrivals.map((a) => a.delta).join("")).toBe(reply);
      expect(arrivals.length).toBeGreaterThan(4);
      // The first words reached the reader before the model had finished writing.
      expect(arrivals[0]!.at).toBeLessThan(lastPieceAt);
      const stored = await db.chatMessage.findMany({ where: { conversationId: id, role: "assistant" } });
      expect(JSON.stringify(stored.at(-1)?.parts)).toContain(reply.slice(0, 40));
      const call = await db.llmCall.findFirstOrThrow({ where: { orgId: fx.org.id, purpose: "intake" } });
      expect(call).toMatchObject({ status: "ok", tokensIn: 420, tokensOut: 60 });
    } finally {
      configureProviders(null);
    }
  });
});
