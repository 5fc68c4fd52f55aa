import { randomBytes } from "node:crypto";
import { streamText, type ModelMessage } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { AGENT_TOOLS } from "@/lib/agent-tools";
import { IntakeDecision } from "@/lib/plan";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { parseLlmConfig, type LlmVars, type ProviderId } from "@/server/llm/config";
import { LlmError } from "@/server/llm/errors";
import { generateWith, type GenerateOptions } from "@/server/llm/gateway";
import { costOf, priceOf } from "@/server/llm/prices";
import { createProviderRegistry, type ProviderRegistry } from "@/server/llm/registry";
import { startLoopbackAnthropic } from "@/tests/helpers/loopback-anthropic";
import { startLoopbackOpenAI, type Loopback, type LoopbackRequest, type LoopbackScript } from "@/tests/helpers/loopback-openai";

// The gateway against loopback servers that speak each provider's real HTTP protocol, through the
// real AI SDK provider packages: tool calls, structured output, usage and cost on the LlmCall row and
// its event, provider errors, and the message format an agent loop sends back after running a tool.

type RealProvider = Exclude<ProviderId, "offline">;
const PROVIDERS: { provider: RealProvider; modelId: string; start: (script: LoopbackScript) => Promise<Loopback> }[] = [
  { provider: "openai", modelId: "gpt-4o-mini", start: (script) => startLoopbackOpenAI({ script }) },
  { provider: "anthropic", modelId: "claude-sonnet-4-5", start: (script) => startLoopbackAnthropic({ script }) },
  { provider: "compatible", modelId: "llama3.1", start: (script) => startLoopbackOpenAI({ script }) },
];

const API_KEY: Record<RealProvider, string> = { openai: "sk-loopback-openai", anthropic: "sk-ant-loopback", compatible: "ollama-key" };

function registryFor(provider: RealProvider, modelId: string, url: string, maxRetries = 0, timeoutMs = 30_000): ProviderRegistry {
  const vars: LlmVars =
    provider === "openai"
      ? { OPENAI_API_KEY: API_KEY.openai, OPENAI_BASE_URL: url }
      : provider === "anthropic"
        ? { ANTHROPIC_API_KEY: API_KEY.anthropic, ANTHROPIC_BASE_URL: url }
        : { AIOS_OPENAI_COMPATIBLE_URL: url, AIOS_OPENAI_COMPATIBLE_API_KEY: API_KEY.compatible, AIOS_OPENAI_COMPATIBLE_NAME: "ollama" };
  const config = { ...parseLlmConfig({ ...vars, AIOS_MODEL_STANDARD: `${provider}:${modelId}` }), maxRetries, timeoutMs };
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

/** Did the SDK send a tool result back (OpenAI: a "tool" message; Anthropic: a tool_result block)? */
const hasToolResult = (req: LoopbackRequest) => JSON.stringify(req.body.messages).match(/"tool_call_id"|"tool_result"/) !== null;

let orgId: string;
let projectId: string;
const servers: Loopback[] = [];

beforeAll(async () => {
  const id = randomBytes(5).toString("hex");
  const org = await db.org.create({ data: { name: `LLM ${id}`, slug: `llm-${id}` } });
  const project = await db.project.create({ data: { orgId: org.id, name: "Gateway", goal: "Call models" } });
  orgId = org.id;
  projectId = project.id;
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function start(p: (typeof PROVIDERS)[number], script: LoopbackScript) {
  const server = await p.start(script);
  servers.push(server);
  return server;
}

const base = (over: Partial<GenerateOptions> = {}): GenerateOptions => ({
  purpose: "agent",
  tier: "standard",
  system: "You are the backend agent.",
  messages: [{ role: "user", content: "Create hello.txt saying hi, then finish." }],
  scope: { orgId, projectId },
  ...over,
});

async function eventOf(llmCallId: string) {
  const events = await db.event.findMany({ where: { orgId, type: "llm.call" } });
  return events.find((e) => (e.payload as { llmCallId?: string }).llmCallId === llmCallId);
}

describe.each(PROVIDERS)("$provider through the gateway", (p) => {
  it("returns the model's tool call, records tokens and cost, and takes the tool result back", async () => {
    const usage = { inputTokens: 1200, outputTokens: 80, cachedInputTokens: 200 };
    const server = await start(p, (req) =>
      hasToolResult(req)
        ? { text: "Wrote hello.txt.", usage: { inputTokens: 1300, outputTokens: 10 } }
        : { toolCalls: [{ name: "write_file", input: { path: "hello.txt", content: "hi" } }], usage },
    );
    const registry = registryFor(p.provider, p.modelId, server.url);
    const taskScope = { orgId, projectId, taskId: `task-${p.provider}`, runId: `run-${p.provider}` };

    const first = await generateWith(registry, base({ tools, scope: taskScope }));
    expect(first.finishReason).toBe("tool-calls");
    expect(first.toolCalls).toEqual([
      { toolCallId: expect.any(String), toolName: "write_file", input: { path: "hello.txt", content: "hi" } },
    ]);
    expect(first.usage).toEqual(usage);
    expect(first).toMatchObject({ provider: p.provider, modelId: p.modelId });
    const expectedCost = costOf(priceOf(p.provider, p.modelId), usage);
    expect(first.costUsd).toBe(expectedCost);
    if (p.provider !== "compatible") expect(expectedCost).toBeGreaterThan(0); // priced models really cost something

    const row = await db.llmCall.findUniqueOrThrow({ where: { id: first.llmCallId } });
    expect(row).toMatchObject({
      orgId,
      projectId,
      taskId: taskScope.taskId,
      runId: taskScope.runId,
      purpose: "agent",
      provider: p.provider,
      model: p.modelId,
      tokensIn: 1200,
      tokensOut: 80,
      tokensCached: 200,
      status: "ok",
      error: null,
    });
    expect(Number(row.costUsd)).toBe(expectedCost);
    const event = await eventOf(first.llmCallId);
    expect(event).toMatchObject({ stream: `project:${projectId}`, taskId: taskScope.taskId, runId: taskScope.runId });
    expect(event?.payload).toEqual({
      llmCallId: first.llmCallId,
      purpose: "agent",
      provider: p.provider,
      model: p.modelId,
      tokensIn: 1200,
      tokensOut: 80,
      costUsd: expectedCost,
      latencyMs: first.latencyMs,
      status: "ok",
      taskId: taskScope.taskId,
      runId: taskScope.runId,
      error: null,
      cacheHit: false,
      attempt: 1,
      routing: expect.objectContaining({ tier: "standard", chosen: `${p.provider}:${p.modelId}`, attempts: [{ model: `${p.provider}:${p.modelId}`, status: "ok", latencyMs: first.latencyMs }] }),
    });
    expect(first.routing).toMatchObject({ purpose: "agent", tier: "standard", candidates: expect.arrayContaining([`${p.provider}:${p.modelId}`]) });
    expect(row.routing).toMatchObject({ chosen: `${p.provider}:${p.modelId}` });

    // The agent loop: append the step's messages, run the tool, send its result, ask again.
    const call = first.toolCalls[0]!;
    const messages: ModelMessage[] = [
      ...base().messages,
      ...first.responseMessages,
      { role: "tool", content: [{ type: "tool-result", toolCallId: call.toolCallId, toolName: call.toolName, output: { type: "json", value: { ok: true, bytes: 2 } } }] },
    ];
    const second = await generateWith(registry, base({ tools, messages, scope: taskScope }));
    expect(second).toMatchObject({ text: "Wrote hello.txt.", finishReason: "stop", toolCalls: [] });

    const [req1, req2] = server.requests;
    expect(req1?.body.model).toBe(p.modelId);
    if (p.provider === "anthropic") {
      expect(req1?.headers["x-api-key"]).toBe(API_KEY.anthropic);
      expect(req1?.body.tools.map((t: { name: string }) => t.name)).toEqual(["write_file", "finish"]);
      expect(req2?.body.messages.slice(1)).toEqual([
        { role: "assistant", content: [{ type: "tool_use", id: call.toolCallId, name: "write_file", input: { path: "hello.txt", content: "hi" } }] },
        {
          role: "user",
          // The newest message carries a prompt-cache breakpoint (server/llm/cache/prompt-caching.ts).
          content: [{ type: "tool_result", tool_use_id: call.toolCallId, content: JSON.stringify({ ok: true, bytes: 2 }), cache_control: { type: "ephemeral" } }],
        },
      ]);
    } else {
      expect(req1?.headers.authorization).toBe(`Bearer ${API_KEY[p.provider]}`);
      expect(req1?.body.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(["write_file", "finish"]);
      expect(req2?.body.messages.slice(2)).toEqual([
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: call.toolCallId, type: "function", function: { name: "write_file", arguments: JSON.stringify({ path: "hello.txt", content: "hi" }) } },
          ],
        },
        { role: "tool", tool_call_id: call.toolCallId, content: JSON.stringify({ ok: true, bytes: 2 }) },
      ]);
    }
  });

  it("returns structured output parsed against the schema", async () => {
    const decision = { intent: "new_project", projectId: null, needsClarification: false, reply: "Planning it." };
    const server = await start(p, [{ text: JSON.stringify(decision), usage: { inputTokens: 500, outputTokens: 40 } }]);
    const result = await generateWith(registryFor(p.provider, p.modelId, server.url), {
      ...base(),
      purpose: "intake",
      messages: [{ role: "user", content: "Build me a stock price dashboard." }],
      output: IntakeDecision,
      scope: { orgId, userId: null },
    });
    expect(result.object).toEqual(decision);
    expect(result.usage).toEqual({ inputTokens: 500, outputTokens: 40, cachedInputTokens: 0 });
    const body = server.requests[0]?.body;
    if (p.provider === "anthropic") expect(body.output_config.format).toMatchObject({ type: "json_schema" });
    else expect(body.response_format).toMatchObject({ type: "json_schema", json_schema: { schema: { type: "object" } } });
    // No project: the event goes to the org's stream.
    expect(await eventOf(result.llmCallId)).toMatchObject({ stream: `org:${orgId}`, projectId: null });
  });

  it("records a failed call and throws a readable error when the provider answers 500", async () => {
    const server = await start(p, [{ httpError: { status: 500, message: "Internal server error" } }]);
    const error = await generateWith(registryFor(p.provider, p.modelId, server.url), base({ tools })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toBeInstanceOf(AppError);
    const llmError = error as LlmError;
    // Every tier of a provider with known models is a fallback candidate: the message counts the attempts.
    const attempt = "The model provider returned an error: 500 Internal Server Error";
    expect(llmError.message).toMatch(/^The model provider returned an error: 500 Internal Server Error( \(\d attempts across \d models\))?$/);
    expect(llmError.details).toMatchObject({ providerStatus: 500, retryable: true });
    expect(llmError.kind).toBe("provider");

    const row = await db.llmCall.findUniqueOrThrow({ where: { id: llmError.details.llmCallId } });
    expect(row).toMatchObject({ status: "error", error: attempt, tokensIn: 0, tokensOut: 0, provider: p.provider });
    expect(Number(row.costUsd)).toBe(0);
    expect((await eventOf(row.id))?.payload).toMatchObject({ status: "error", error: attempt });
  });

  it("streams text, tool-call deltas and usage over server-sent events (the chat path)", async () => {
    const server = await start(p, [
      { text: "Let me write that file.", toolCalls: [{ name: "write_file", input: { path: "a.txt", content: "streamed" } }], usage: { inputTokens: 42, outputTokens: 17, cachedInputTokens: 2 } },
    ]);
    const result = streamText({
      model: registryFor(p.provider, p.modelId, server.url).resolve("standard").model,
      system: "You write files.",
      prompt: "Write a.txt",
      tools: { write_file: { description: "Write a file", inputSchema: z.object({ path: z.string(), content: z.string() }) } },
    });
    const deltas: string[] = [];
    for await (const part of result.fullStream) if (part.type === "text-delta" || part.type === "tool-input-delta") deltas.push(part.type);
    expect(await result.text).toBe("Let me write that file.");
    expect((await result.toolCalls).map((c) => [c.toolName, c.input])).toEqual([["write_file", { path: "a.txt", content: "streamed" }]]);
    expect(await result.finishReason).toBe("tool-calls");
    const usage = await result.usage;
    expect([usage.inputTokens, usage.outputTokens, usage.inputTokenDetails.cacheReadTokens]).toEqual([42, 17, 2]);
    expect(deltas.filter((d) => d === "text-delta").length).toBeGreaterThan(1);
    expect(deltas).toContain("tool-input-delta");
    expect(server.requests[0]?.body.stream).toBe(true);
  });
});

describe("tool calls an agent loop must handle", () => {
  it("marks a call to an unknown tool or with bad input as invalid and answers it with an error result", async () => {
    const openai = PROVIDERS[0]!;
    const server = await start(openai, [
      {
        toolCalls: [
          { id: "call_bad_tool", name: "rm_rf", input: { path: "/" } },
          { id: "call_bad_input", name: "write_file", input: { path: "x.txt" } },
          { id: "call_ok", name: "finish", input: { summary: "Done." } },
        ],
      },
    ]);
    const res = await generateWith(registryFor("openai", "gpt-4o-mini", server.url), base({ tools }));
    expect(res.toolCalls.map((c) => [c.toolCallId, c.invalid ?? false])).toEqual([
      ["call_bad_tool", true],
      ["call_bad_input", true],
      ["call_ok", false],
    ]);
    expect(res.toolCalls[0]?.error).toMatch(/rm_rf/);
    // The step's messages already answer the invalid calls; the caller answers only the valid ones.
    expect(res.responseMessages.map((m) => m.role)).toEqual(["assistant", "tool"]);
    const toolMessage = res.responseMessages[1] as { content: { toolCallId: string; output: { type: string } }[] };
    expect(toolMessage.content.map((c) => [c.toolCallId, c.output.type])).toEqual([
      ["call_bad_tool", "error-text"],
      ["call_bad_input", "error-text"],
    ]);
  });

  it("sends separate tool messages for parallel calls to Anthropic as one user turn", async () => {
    const anthropic = PROVIDERS[1]!;
    const server = await start(anthropic, (req) =>
      hasToolResult(req)
        ? { text: "Both written." }
        : {
            toolCalls: [
              { id: "toolu_a", name: "write_file", input: { path: "a.txt", content: "a" } },
              { id: "toolu_b", name: "write_file", input: { path: "b.txt", content: "b" } },
            ],
          },
    );
    const registry = registryFor("anthropic", "claude-sonnet-4-5", server.url);
    const first = await generateWith(registry, base({ tools }));
    const messages: ModelMessage[] = [...base().messages, ...first.responseMessages];
    for (const call of first.toolCalls) {
      messages.push({ role: "tool", content: [{ type: "tool-result", toolCallId: call.toolCallId, toolName: call.toolName, output: { type: "text", value: "ok" } }] });
    }
    expect((await generateWith(registry, base({ tools, messages }))).text).toBe("Both written.");
    const sent = server.requests[1]?.body.messages as { role: string; content: { type: string; tool_use_id?: string }[] }[];
    expect(sent.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(sent[2]?.content.map((c) => [c.type, c.tool_use_id])).toEqual([
      ["tool_result", "toolu_a"],
      ["tool_result", "toolu_b"],
    ]);
  });
});

describe("gateway failures", () => {
  const openai = PROVIDERS[0]!;

  it("retries a 500 when retries are configured and records one successful call", async () => {
    const server = await start(openai, [
      { httpError: { status: 500, message: "Overloaded, try again", headers: { "retry-after-ms": "10" } } },
      { text: "Second time lucky.", usage: { inputTokens: 3, outputTokens: 3 } },
    ]);
    const result = await generateWith(registryFor("openai", "gpt-4o-mini", server.url, 2), base());
    expect(result.text).toBe("Second time lucky.");
    expect(server.requests).toHaveLength(2);
    expect(await db.llmCall.count({ where: { id: result.llmCallId, status: "ok" } })).toBe(1);
  });

  it("says how many attempts failed and keeps the provider's own explanation", async () => {
    const server = await start(openai, [{ httpError: { status: 429, message: "Rate limit reached for gpt-4o-mini", headers: { "retry-after-ms": "5" } } }]);
    const error = (await generateWith(registryFor("openai", "gpt-4o-mini", server.url, 1), base()).catch((e: unknown) => e)) as LlmError;
    // One retry per candidate, two candidates (the standard tier's model, then the fast tier's).
    expect(error.message).toBe("The model provider returned an error: 429 Too Many Requests: Rate limit reached for gpt-4o-mini (4 attempts across 2 models)");
    expect(error.code).toBe("TOO_MANY_REQUESTS");
    expect(error.details.attempts).toBe(4);
    expect(server.requests).toHaveLength(4);
  });

  it("reports an unreachable provider by host", async () => {
    const server = await start(openai, []);
    await server.close();
    const error = (await generateWith(registryFor("openai", "gpt-4o-mini", server.url), base()).catch((e: unknown) => e)) as LlmError;
    expect(error.kind).toBe("unreachable");
    expect(error.message).toMatch(/^Could not reach the model provider at 127\.0\.0\.1:\d+: /);
    expect(await db.llmCall.count({ where: { id: error.details.llmCallId, status: "error" } })).toBe(1);
  });

  it("records the tokens of an answer that does not match the schema", async () => {
    const server = await start(openai, [{ text: '{"intent":"dance"}', usage: { inputTokens: 100, outputTokens: 9 } }]);
    const error = (await generateWith(registryFor("openai", "gpt-4o-mini", server.url), { ...base(), output: IntakeDecision }).catch(
      (e: unknown) => e,
    )) as LlmError;
    expect(error.kind).toBe("bad-output");
    expect(error.message).toMatch(/^The model's answer did not match the expected format/);
    const row = await db.llmCall.findUniqueOrThrow({ where: { id: error.details.llmCallId } });
    expect(row).toMatchObject({ status: "error", tokensIn: 100, tokensOut: 9 });
    expect(Number(row.costUsd)).toBe(costOf(priceOf("openai", "gpt-4o-mini"), { inputTokens: 100, outputTokens: 9, cachedInputTokens: 0 }));
  });

  it("fails a call the provider does not answer in time", async () => {
    const server = await start(openai, async () => {
      await new Promise((r) => setTimeout(r, 2000));
      return { text: "too late" };
    });
    const error = (await generateWith(registryFor("openai", "gpt-4o-mini", server.url, 0, 100), base()).catch((e: unknown) => e)) as LlmError;
    expect(error).toMatchObject({ kind: "timeout", message: "The model provider did not answer within 0.1 s (2 attempts across 2 models)." });
    expect(await db.llmCall.count({ where: { id: error.details.llmCallId, status: "error" } })).toBe(1);
  });

  it("records a cancelled call", async () => {
    const server = await start(openai, async () => {
      await new Promise((r) => setTimeout(r, 2000));
      return { text: "too late" };
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("The run was stopped.")), 50);
    const error = (await generateWith(registryFor("openai", "gpt-4o-mini", server.url), base({ abortSignal: controller.signal })).catch(
      (e: unknown) => e,
    )) as LlmError;
    expect(error).toMatchObject({ kind: "cancelled", message: "The model call was cancelled." });
    expect(await db.llmCall.count({ where: { id: error.details.llmCallId, status: "error" } })).toBe(1);
  });
});
