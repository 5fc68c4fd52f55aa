import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { ensureDefaultAgents } from "@/server/agents/registry";
import { bumpCatalogVersion } from "@/server/governance/catalog/version";
import { configureProviders, parseLlmConfig, resolveModelFor } from "@/server/llm";
import { getBoss, stopQueue } from "@/server/queue";
import { startJobWorkers, stopJobWorkers } from "@/server/worker";
import { startLoopbackOpenAI, type Loopback, type LoopbackReply, type LoopbackRequest, type LoopbackScript } from "../helpers/loopback-openai";
import { orgWithRoles, SMALL_PLAN, type OrgFixture, withoutOtherFilesRuns } from "./fixtures";
import { startWithoutCriteria, until } from "./trust-fixtures";

// Agents on an imperfect model: a loopback stand-in for OpenAI's HTTP API (a test double of the
// provider only; everything of ours is real) calls tools by wrong names, made-up tools, sends invalid
// arguments and loops. Each repair, warning and stop must be an event in the task's timeline, and
// what reaches a person reads as sentences.

let fx: OrgFixture;
let loopback: Loopback | null = null;

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

async function useImperfectModel(script: LoopbackScript) {
  loopback = await startLoopbackOpenAI({ script });
  const model = "openai:gpt-4o-mini";
  configureProviders({
    ...parseLlmConfig({ OPENAI_API_KEY: "sk-loopback", OPENAI_BASE_URL: loopback.url, AIOS_MODEL_FAST: model, AIOS_MODEL_STANDARD: model, AIOS_MODEL_DEEP: model }),
    maxRetries: 0,
  });
}

const call = (name: string, input: unknown): LoopbackReply => ({ toolCalls: [{ name, input }], usage: { inputTokens: 100, outputTokens: 20 }, finishReason: "tool_calls" });

async function runOneTask(orgId = fx.org.id) {
  const tasks = SMALL_PLAN.tasks.map((t) => ({ ...t, role: "backend" }));
  const project = await db.project.create({ data: { orgId, name: "Coping test", goal: "Write hello.txt", plan: { ...SMALL_PLAN, tasks } } });
  await startWithoutCriteria(project.id, tasks);
  return project;
}

const settled = (projectId: string) =>
  until(
    () => db.task.findFirstOrThrow({ where: { projectId } }),
    (t) => ["succeeded", "failed", "needs_attention", "waiting_for_human"].includes(t.status),
  );

const eventsOf = async (projectId: string, type: string) =>
  (await db.event.findMany({ where: { projectId, type }, orderBy: { seq: "asc" } })).map((e) => e.payload as Record<string, unknown>);

/** The tool results and user notes the model was sent in a request (the last ones it has not seen before). */
function sentToModel(req: LoopbackRequest): string {
  const messages = req.body.messages as { role: string; content: unknown }[];
  return messages.map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content))).join("\n");
}

describe("an agent on an imperfect model", () => {
  it("maps a wrongly named tool, answers a made-up tool with the tool list, repairs invalid arguments, and stops a loop after a warning", async () => {
    await useImperfectModel([
      call("Write_File", { path: "hello.txt", content: "hello\n" }),
      call("deploy", { target: "prod" }),
      call("write_file", { content: "no path" }),
      call("write_file", { path: "b.txt", content: "b\n" }),
      // From here on the model lists the files forever.
      call("list_files", {}),
    ]);
    const project = await runOneTask();
    const task = await settled(project.id);

    expect(task.status).toBe("failed");
    expect((task.result as { error: string }).error).toBe(
      "Stopped: the agent called list_files 5 times in a row with the same input and kept getting the same result, even after a warning.",
    );

    // The mapped call ran as write_file and is recorded under that name.
    const calls = await eventsOf(project.id, "agent.tool_call");
    expect(calls.map((c) => c.tool)).toEqual(["write_file", "deploy", "write_file", "write_file", "list_files", "list_files", "list_files", "list_files", "list_files"]);
    const results = await eventsOf(project.id, "agent.tool_result");
    expect(results.map((r) => r.ok)).toEqual([true, false, false, true, true, true, true, true, true]);
    expect(results[1]!.output).toBe(
      'There is no tool "deploy". The tools you have are: list_files, read_file, write_file, patch_file, delete_file, run_command, git_diff, handoff, ask_human, finish. Call one of them by its exact name.',
    );
    expect(results[2]!.output).toBe("Invalid input for write_file: path: required. Send the call again with path, content as a JSON object.");

    const repairs = await eventsOf(project.id, "agent.repair");
    expect(repairs.map((r) => [r.step, r.kind])).toEqual([
      [1, "tool-name"],
      [2, "unknown-tool"],
      [3, "tool-input"],
    ]);
    expect(repairs[0]!.detail).toBe('The model called "Write_File"; it ran as write_file.');

    const warnings = await eventsOf(project.id, "agent.warning");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ step: 7, kind: "stuck", message: expect.stringContaining("You have called list_files with the same input 3 times") });
    const stops = await eventsOf(project.id, "agent.stopped");
    expect(stops).toEqual([expect.objectContaining({ step: 9, kind: "stuck", asked: false, message: (task.result as { error: string }).error })]);

    // What the model was told: the errors as tool results, the warning after the third identical call.
    const requests = loopback!.requests.filter((r) => r.path === "/v1/chat/completions");
    expect(requests).toHaveLength(9);
    expect(sentToModel(requests[2]!)).toContain('There is no tool "deploy". The tools you have are: list_files,');
    expect(sentToModel(requests[3]!)).toContain("Invalid input for write_file: path: required.");
    expect(sentToModel(requests[6]!)).not.toContain("You have called list_files");
    expect(sentToModel(requests[7]!)).toContain("You have called list_files with the same input 3 times");
    // The wrongly named call is replayed under its real name.
    expect(JSON.stringify(requests[1]!.body.messages)).toContain('"name":"write_file"');
    expect(JSON.stringify(requests[1]!.body.messages)).not.toContain("Write_File");
  }, 60_000);

  it("asks a person after three mistakes in a row, with the mistakes in the question", async () => {
    await useImperfectModel(() => call("deploy", {}));
    const project = await runOneTask();
    const task = await settled(project.id);
    expect(task.status).toBe("waiting_for_human");
    const question = await db.question.findFirstOrThrow({ where: { projectId: project.id } });
    expect(question.text).toBe(
      'The backend agent made 3 mistakes in a row: 1) called "deploy", which is not one of its tools; 2) called "deploy", which is not one of its tools; 3) called "deploy", which is not one of its tools. How should it continue? Your answer is passed to the agent when the task runs again.',
    );
    const stops = await eventsOf(project.id, "agent.stopped");
    expect(stops).toEqual([expect.objectContaining({ kind: "mistakes", asked: true, message: question.text })]);
    expect(await db.llmCall.count({ where: { projectId: project.id, purpose: "agent" } })).toBe(3);
  }, 60_000);

  it("fails readably after three mistakes when the agent may not ask a person", async () => {
    await ensureDefaultAgents(fx.org.id);
    const agent = await db.agent.findFirstOrThrow({ where: { orgId: fx.org.id, role: "backend" } });
    await db.agent.update({ where: { id: agent.id }, data: { tools: agent.tools.filter((t) => t !== "ask_human") } });
    try {
      await useImperfectModel(() => call("read_file", { path: "missing.txt" }));
      const project = await runOneTask();
      const task = await settled(project.id);
      expect(task.status).toBe("failed");
      expect((task.result as { error: string }).error).toMatch(/^Stopped after 3 mistakes in a row: 1\) read_file missing\.txt failed: .+; 2\) read_file missing\.txt failed: .+; 3\) .+\.$/);
      expect(await db.question.count({ where: { projectId: project.id } })).toBe(0);
    } finally {
      await db.agent.update({ where: { id: agent.id }, data: { tools: agent.tools } });
    }
  }, 60_000);

  it("keeps a long run within a small context window: long outputs clipped, old ones masked, then older steps condensed by a summarise call", async () => {
    const WINDOW = 6_000;
    const summarise = (req: LoopbackRequest) => JSON.stringify(req.body.messages[0] ?? "").includes('purpose=\\"summarise\\"');
    let agentSteps = 0;
    await useImperfectModel((req) => {
      if (summarise(req)) return { text: "SUMMARY: printed number sequences with seq; nothing failed.", usage: { inputTokens: 500, outputTokens: 20 }, finishReason: "stop" };
      agentSteps++;
      // Long thoughts (not observations: masking cannot shorten them) and long outputs, each command different.
      if (agentSteps > 12) return call("finish", { summary: "Printed the sequences." });
      return { text: `Step ${agentSteps}: ${"thinking about the numbers ".repeat(40)}`, ...call("run_command", { command: `seq 1 ${5000 + agentSteps}` }) };
    });
    const org = await orgWithRoles();
    await resolveModelFor(org.org.id, "standard"); // seeds the org's catalog with the environment's model
    await db.modelCatalogEntry.updateMany({ where: { orgId: org.org.id, modelId: "gpt-4o-mini" }, data: { contextWindow: WINDOW, maxOutputTokens: 1_000 } });
    await bumpCatalogVersion(org.org.id);

    const project = await runOneTask(org.org.id);
    const task = await settled(project.id);
    expect(task.status).toBe("succeeded");

    const contexts = await eventsOf(project.id, "agent.context");
    const masked = contexts.find((c) => !c.condensed);
    expect(masked).toMatchObject({ contextWindow: WINDOW, condensed: false, masked: expect.any(Number) });
    expect(masked!.masked as number).toBeGreaterThan(0);
    expect(masked!.tokensAfter as number).toBeLessThan(masked!.tokensBefore as number);
    const condensed = contexts.find((c) => c.condensed);
    expect(condensed).toMatchObject({ summary: "SUMMARY: printed number sequences with seq; nothing failed.", throughStep: expect.any(Number) });
    expect(await db.llmCall.count({ where: { projectId: project.id, purpose: "summarise", status: "ok" } })).toBeGreaterThanOrEqual(1);

    // The timeline keeps every output whole (up to the result limit); the model saw head and tail only.
    const results = await eventsOf(project.id, "agent.tool_result");
    expect((results[0]!.output as string).length).toBeGreaterThan(16_000 - 200);
    const agentRequests = loopback!.requests.filter((r) => r.path === "/v1/chat/completions" && !summarise(r));
    const first = JSON.stringify(agentRequests[1]!.body.messages);
    expect(first).toMatch(/characters elided; the whole output is in the timeline/);

    // The system prompt and the brief never change; every prompt fits the window (≈ 4 characters a token).
    const [system, brief] = agentRequests[0]!.body.messages as unknown[];
    for (const r of agentRequests) {
      expect(r.body.messages[0]).toEqual(system);
      expect(r.body.messages[1]).toEqual(brief);
      expect(JSON.stringify(r.body.messages).length / 4).toBeLessThan(WINDOW);
    }
    const last = JSON.stringify(agentRequests.at(-1)!.body.messages);
    expect(last).toContain("SUMMARY: printed number sequences with seq");
    // Before the summary, older outputs were masked (what they were and their size).
    expect(agentRequests.some((r) => /\[output of run_command \\"seq 1 \d+\\" elided — \d+(\.\d)? KB\]/.test(JSON.stringify(r.body.messages)))).toBe(true);
    expect(last).not.toContain("Step 1: thinking");
  }, 90_000);
});
