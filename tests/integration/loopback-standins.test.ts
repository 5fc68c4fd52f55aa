import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, Output, streamText, tool } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import { AGENT_TOOLS } from "@/lib/agent-tools";
import { IntakeDecision, PlanDraft } from "@/lib/plan";
import { startLoopbackFaulty, type FaultOutcome } from "../helpers/loopback-faulty";
import { startLoopbackImperfect } from "../helpers/loopback-imperfect";
import { startLoopbackOffline } from "../helpers/loopback-offline";
import type { Loopback } from "../helpers/loopback-openai";

// The model-provider stand-ins the gateway fault and imperfect-model tests run on (loopback servers
// speaking OpenAI's HTTP protocol, answered by the offline model): checked here through the real
// @ai-sdk/openai-compatible client, so a failure there is not a stand-in bug.

const servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const client = (url: string) => createOpenAICompatible({ name: "loopback", baseURL: url, apiKey: "loopback", includeUsage: true, supportsStructuredOutputs: true }).chatModel("offline-over-http");

const PLAN_SYSTEM = '<aios purpose="plan"/>\nYou are the planner.';
const INTAKE_SYSTEM = '<aios purpose="intake"/>\nClassify the message.\n\nProjects:\n(no projects yet)';
const agentSystem = (key: string) => `<aios purpose="agent" role="researcher" task="${key}" attempt="1"/>\nYou are the researcher agent.`;
const BRIEF = "Project goal: Build a web app that displays stock prices\n\nTask: Choose the quote source\nPick a source.\n\nAcceptance criteria:\n- docs/quote-source.md exists";
const tools = Object.fromEntries(
  (["list_files", "read_file", "write_file", "run_command", "finish"] as const).map((n) => [n, tool({ description: AGENT_TOOLS[n].description, inputSchema: AGENT_TOOLS[n].input as never })]),
);

describe("the offline-model loopback", () => {
  it("plans a request through @ai-sdk/openai-compatible, as structured output, with usage", async () => {
    const server = await startLoopbackOffline();
    servers.push(server);
    const result = await generateText({
      model: client(server.url),
      system: PLAN_SYSTEM,
      messages: [{ role: "user", content: "Build a web app that displays stock prices" }],
      output: Output.object({ schema: PlanDraft }),
    });
    expect(result.output.tasks.map((t) => t.key)).toContain("quote-source");
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(server.requests[0]!.body.response_format).toMatchObject({ type: "json_schema" });
  });

  it("answers an agent step with a tool call, streamed, and continues from the tool result", async () => {
    const server = await startLoopbackOffline();
    servers.push(server);
    const first = streamText({ model: client(server.url), system: agentSystem("quote-source"), messages: [{ role: "user", content: BRIEF }], tools });
    const calls = await first.toolCalls;
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.toolName).toBe("list_files");
    const second = await generateText({
      model: client(server.url),
      system: agentSystem("quote-source"),
      messages: [
        { role: "user", content: BRIEF },
        { role: "assistant", content: [{ type: "tool-call", toolCallId: call.toolCallId, toolName: call.toolName, input: call.input }] },
        { role: "tool", content: [{ type: "tool-result", toolCallId: call.toolCallId, toolName: call.toolName, output: { type: "text", value: "(no files)" } }] },
      ],
      tools,
    });
    expect(second.toolCalls[0]?.toolName).toBe("write_file");
  });
});

describe("the fault-injecting loopback", () => {
  const rawCall = (url: string, signal?: AbortSignal) =>
    fetch(`${url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", messages: [{ role: "system", content: INTAKE_SYSTEM }, { role: "user", content: "Build a todo API" }] }),
      signal,
    });

  async function outcomes(seed: number, n: number) {
    const server = await startLoopbackFaulty({ seed, retryAfterSeconds: 1 });
    servers.push(server);
    const statuses: (number | "hang")[] = [];
    for (let i = 0; i < n; i++) {
      try {
        const res = await rawCall(server.url, AbortSignal.timeout(300));
        statuses.push(res.status);
        if (res.status === 429) expect(res.headers.get("retry-after")).toBe("1");
        await res.arrayBuffer();
      } catch {
        statuses.push("hang");
      }
    }
    return { statuses, server };
  }

  it("faults by a seeded draw (30 % 429, 10 % 500, 5 % hang), counts each outcome, and replays with the same seed", async () => {
    const a = await outcomes(7, 60);
    const b = await outcomes(7, 60);
    expect(a.statuses).toEqual(b.statuses);
    const expected: Record<FaultOutcome, number> = {
      ok: a.statuses.filter((s) => s === 200).length,
      "rate-limited": a.statuses.filter((s) => s === 429).length,
      "server-error": a.statuses.filter((s) => s === 500).length,
      hang: a.statuses.filter((s) => s === "hang").length,
    };
    expect(a.server.counts).toEqual(expected);
    expect(expected.ok + expected["rate-limited"] + expected["server-error"] + expected.hang).toBe(60);
    // 60 draws: each kind happens, none dominates.
    for (const kind of ["rate-limited", "server-error", "hang"] as const) expect(expected[kind]).toBeGreaterThan(0);
    expect(expected.ok).toBeGreaterThan(20);
    expect(a.server.attemptsPerCall().size).toBe(1);
  });

  it("a 200 from it is the offline model's answer", async () => {
    const server = await startLoopbackFaulty({ rates: { rateLimited: 0, serverError: 0, hang: 0 } });
    servers.push(server);
    const result = await generateText({ model: client(server.url), system: INTAKE_SYSTEM, prompt: "Build a todo REST API", output: Output.object({ schema: IntakeDecision }) });
    expect(result.output.intent).toBe("new_project");
    expect(server.counts.ok).toBe(1);
  });
});

describe("the imperfect-model loopback", () => {
  it("fences the first intake answer, cuts the first plan, and answers the re-ask with wrong-case keys and roles", async () => {
    const server = await startLoopbackImperfect();
    servers.push(server);
    const model = client(server.url);
    const intake = await generateText({ model, system: INTAKE_SYSTEM, prompt: "Build a web app that displays stock prices" });
    expect(intake.text).toMatch(/^Sure![\s\S]*```json\n\{[\s\S]*\}\n```[\s\S]*else\.$/);
    const request = { role: "user" as const, content: "Build a web app that displays stock prices" };
    const plan = await generateText({ model, system: PLAN_SYSTEM, messages: [request] });
    expect(() => JSON.parse(plan.text) as unknown).toThrow();
    const reask = await generateText({
      model,
      system: PLAN_SYSTEM,
      messages: [request, { role: "assistant", content: plan.text }, { role: "user", content: "Your answer was not valid JSON. Answer again." }],
    });
    // Valid JSON with the plan's shape; only the keys' and roles' case is off (PlanDraft itself refuses such keys).
    const parsed = JSON.parse(reask.text) as PlanDraft;
    expect(parsed.tasks[0]).toMatchObject({ key: "Quote-Source", role: "Researcher" });
    expect(parsed.tasks.find((t) => t.key === "Price-Engine")?.dependsOn).toEqual(["Quote-Source"]);
    expect(server.slips.map((s) => s.kind)).toEqual(["fenced-json", "invalid-json", "wrong-case-plan"]);
  });

  it("renames the first write_file, and cuts the first streamed answer before its first token", async () => {
    const server = await startLoopbackImperfect({ slips: ["tool-alias", "truncated-stream"] });
    servers.push(server);
    const model = client(server.url);
    const history = [{ role: "user" as const, content: BRIEF }];
    const list = await generateText({ model, system: agentSystem("quote-source"), messages: history, tools });
    expect(list.toolCalls[0]?.toolName).toBe("list_files");
    const call = list.toolCalls[0]!;
    const write = await generateText({
      model,
      system: agentSystem("quote-source"),
      messages: [
        ...history,
        { role: "assistant", content: [{ type: "tool-call", toolCallId: call.toolCallId, toolName: call.toolName, input: call.input }] },
        { role: "tool", content: [{ type: "tool-result", toolCallId: call.toolCallId, toolName: call.toolName, output: { type: "text", value: "(no files)" } }] },
      ],
      tools,
    });
    // The SDK sees a tool it does not know: the stand-in really sent "writeFile".
    expect(write.content.some((p) => p.type === "tool-error" || (p.type === "tool-call" && p.toolName === "writeFile"))).toBe(true);
    expect(server.made("tool-alias")).toHaveLength(1);
    const streamed = streamText({ model, system: agentSystem("quote-source"), messages: history, tools, maxRetries: 0 });
    await expect(streamed.text).rejects.toThrow();
    expect(server.made("truncated-stream")).toHaveLength(1);
  });
});
