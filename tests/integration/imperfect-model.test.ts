import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { configureProviders, parseLlmConfig } from "@/server/llm";
import { addProvider } from "@/server/governance/catalog/credentials";
import { addModel, setTier } from "@/server/governance/catalog/entries";
import { approvePlan, cancelProject, handleChatTurn } from "@/server/orchestrator";
import { getBoss, stopQueue } from "@/server/queue";
import { startJobWorkers, stopJobWorkers } from "@/server/worker";
import { runCommand, workspaceRoot } from "@/server/workspace";
import { HUGE_COMMAND, startLoopbackImperfect, type ImperfectLoopback, type SlipKind } from "../helpers/loopback-imperfect";
import { orgWithRoles, type OrgFixture, withoutOtherFilesRuns } from "./fixtures";

// Agents on an imperfect model: a loopback that speaks OpenAI's real protocol, answers from the offline
// model, and makes the slips real models make (fenced and invalid JSON, a plan with wrong-case keys and
// roles, a loosely named tool, an unknown tool, an invalid argument, a loop of identical calls, a 200 KB
// command output, a stream cut before its first token). The demo projects still complete, every repair
// and stop is an event in the task timeline, and nothing raw (a schema dump, a stack trace) reaches a person.

let fx: OrgFixture;
let loopback: ImperfectLoopback | null = null;

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

const owner = () => ({ userId: fx.people.owner.user.id, name: "Owner" });

/** Every tier on the loopback, as an OpenAI-compatible server (Ollama-like: where imperfect models live). */
function useImperfect(server: ImperfectLoopback) {
  const model = "compatible:imperfect-llm";
  configureProviders({
    ...parseLlmConfig({ AIOS_OPENAI_COMPATIBLE_URL: server.url, AIOS_OPENAI_COMPATIBLE_NAME: "ollama", AIOS_MODEL_FAST: model, AIOS_MODEL_STANDARD: model, AIOS_MODEL_DEEP: model }),
    maxRetries: 2,
    timeoutMs: 30_000,
    backoff: { baseMs: 10, capMs: 100 },
  });
}

async function propose(request: string) {
  const who = { orgId: fx.org.id, ...owner() };
  const conversation = await db.conversation.create({ data: { orgId: fx.org.id, userId: who.userId, title: request.slice(0, 40) } });
  const turn = await handleChatTurn(who, conversation.id, [{ role: "user", content: request }]);
  expect(turn.intent).toBe("new_project");
  return turn;
}

async function settled(projectId: string, timeoutMs = 240_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const p = await db.project.findUniqueOrThrow({ where: { id: projectId }, include: { tasks: true } });
    if (["completed", "failed", "cancelled"].includes(p.status) || p.tasks.some((t) => ["failed", "needs_attention", "waiting_for_human"].includes(t.status))) return p;
    if (Date.now() > end) throw new Error(`project still ${p.status}: ${p.tasks.map((t) => `${t.key}=${t.status}`).join(", ")}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Tokens: enough for the system prompt, brief and tools, too few for a whole task's history (masking, then condensing). */
const SMALL_WINDOW = 4_000;

const eventsOf = (projectId: string, type?: string) => db.event.findMany({ where: { projectId, ...(type ? { type } : {}) }, orderBy: { seq: "asc" } });
type Payload = Record<string, unknown>;

/**
 * Raw validation dumps, stack traces and provider bodies: what a person must never read. (A parser's one-line
 * reason inside a sentence, "the answer is not JSON (Unexpected token …)", is allowed: it says what was wrong.)
 */
const RAW = [
  /ZodError/,
  /invalid_type/,
  /invalid_format/,
  /\bat Object\./,
  /\n\s+at [\w.<>]+ \(/,
  /"code":\s*"/,
  /\[\{\s*"(origin|code|path|expected|message)"/,
  /\bExpected (string|number|object|array|boolean)\b/,
  /TypeError:|SyntaxError:|ReferenceError:/,
  /JSON parsing failed|Error message:|<html|<body/i,
];

/** Every field of a project a person reads that AIOS (not the agents' programs) wrote. */
async function personVisibleTexts(projectId: string): Promise<{ where: string; text: string }[]> {
  const out: { where: string; text: string }[] = [];
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, include: { tasks: true } });
  for (const r of ((project.plan as { repairs?: string[] } | null)?.repairs ?? [])) out.push({ where: "plan.repairs", text: r });
  for (const t of project.tasks) out.push({ where: `task ${t.key} result`, text: JSON.stringify(t.result ?? null) });
  for (const q of await db.question.findMany({ where: { projectId } })) out.push({ where: `question ${q.kind}`, text: q.text });
  for (const e of await eventsOf(projectId)) {
    const p = e.payload as Payload;
    const fields: Record<string, string[]> = {
      "agent.repair": ["detail"],
      "agent.warning": ["message"],
      "agent.stopped": ["message"],
      "agent.context": ["summary"],
      "task.status": ["reason"],
      "project.status": ["reason"],
      "llm.call": ["error"],
      "question.asked": ["text"],
    };
    for (const f of fields[e.type] ?? []) if (typeof p[f] === "string") out.push({ where: `${e.type}.${f}`, text: p[f] as string });
    // What AIOS answered in place of a tool that did not run (refused calls) is AIOS's own text too.
    if (e.type === "agent.tool_result" && p.ok === false && p.command === undefined) out.push({ where: `agent.tool_result ${String(p.tool)}`, text: String(p.output) });
  }
  return out;
}

/** The project's timeline in short, for a failure message: what happened when a task did not succeed. */
async function timeline(projectId: string): Promise<string> {
  const tasks = await db.task.findMany({ where: { projectId } });
  const lines = tasks.filter((t) => t.status !== "succeeded").map((t) => `${t.key} ${t.status}: ${JSON.stringify(t.result)}`);
  for (const e of await eventsOf(projectId)) {
    if (e.type === "llm.call" || e.type === "git.commit") continue;
    lines.push(`${e.type} ${JSON.stringify(e.payload).slice(0, 300)}`);
  }
  return lines.join("\n").slice(-6000);
}

async function expectNothingRaw(projectId: string) {
  const texts = await personVisibleTexts(projectId);
  expect(texts.length).toBeGreaterThan(0);
  const raw = texts.filter((t) => RAW.some((re) => re.test(t.text)));
  expect(raw, JSON.stringify(raw, null, 1).slice(0, 2000)).toEqual([]);
}

/** The three demos and the plan the offline model makes for each (keys and roles as the team knows them). */
const DEMOS = [
  {
    name: "the stock prices web app",
    request: "Build a web app that displays stock prices",
    keys: ["quote-source", "price-engine", "prices-api", "dashboard-ui", "qa-dashboard", "ship"],
    roles: ["researcher", "backend", "backend", "frontend", "qa", "devops"],
  },
  {
    name: "the todo REST API (QA hands a failing test back)",
    request: "Create a REST API for a todo list with tests",
    keys: ["api-contract", "todo-api", "qa-todo", "ship"],
    roles: ["researcher", "backend", "qa", "devops"],
  },
  {
    name: "the CSV to JSON command-line tool",
    request: "Write a command-line tool that converts CSV to JSON",
    keys: ["csv-rules", "csv-parser", "csv-cli", "qa-csv", "docs"],
    roles: ["researcher", "backend", "backend", "qa", "devops"],
  },
];

const titleCase = (key: string) => key.replace(/(^|-)([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());

describe("the demo projects on an imperfect model", () => {
  it.each(DEMOS)("builds $name through every slip; each repair and warning is in the timeline; nothing raw reaches a person", async (demo) => {
    const kinds: SlipKind[] = ["fenced-json", "invalid-json", "wrong-case-plan", "repeat-loop", "tool-alias", "invalid-argument", "unknown-tool", "huge-output", "truncated-stream"];
    loopback = await startLoopbackImperfect({ slips: kinds });
    useImperfect(loopback);
    const turn = await propose(demo.request);
    // The plan was repaired: keys back to lowercase-dashed, roles matched to the team, after one re-ask.
    expect(turn.plan!.tasks.map((t) => t.key)).toEqual(demo.keys);
    expect(turn.plan!.tasks.map((t) => t.role)).toEqual(demo.roles);
    const repairs = turn.plan!.repairs ?? [];
    expect(repairs.some((r) => /asked the model again/i.test(r))).toBe(true);
    expect(repairs.some((r) => r.includes(titleCase(demo.keys[0]!)) && r.includes(demo.keys[0]!))).toBe(true);
    expect(repairs.some((r) => /Researcher|role/i.test(r))).toBe(true);

    await approvePlan(turn.projectId!, owner());
    const project = await settled(turn.projectId!);
    expect(project.tasks.map((t) => [t.key, t.status]), await timeline(project.id)).toEqual(project.tasks.map((t) => [t.key, "succeeded"]));
    expect(project.status).toBe("completed");
    const tests = await runCommand(workspaceRoot(project.id), "node --test", { timeoutMs: 120_000 });
    expect(tests.exitCode, tests.stdout + tests.stderr).toBe(0);

    // The stand-in made each slip.
    const made = new Set(loopback.slips.map((s) => s.kind));
    for (const k of kinds) expect(made, `slip ${k}`).toContain(k);

    // Each repair is in the timeline of the task it happened in.
    const repairs2 = (await eventsOf(project.id, "agent.repair")).map((e) => e.payload as Payload);
    const alias = loopback.made("tool-alias")[0]!;
    expect(repairs2).toContainEqual(expect.objectContaining({ kind: "tool-name", taskKey: alias.taskKey, detail: expect.stringMatching(/writeFile[\s\S]*write_file/) }));
    const unknown = loopback.made("unknown-tool")[0]!;
    expect(repairs2).toContainEqual(expect.objectContaining({ kind: "unknown-tool", taskKey: unknown.taskKey, detail: expect.stringMatching(/deploy/) }));
    const invalid = loopback.made("invalid-argument")[0]!;
    expect(repairs2).toContainEqual(expect.objectContaining({ kind: "tool-input", taskKey: invalid.taskKey, detail: expect.stringMatching(/content/) }));
    // The unknown tool's answer to the model lists the tools it has.
    const unknownResult = (await eventsOf(project.id, "agent.tool_result")).map((e) => e.payload as Payload).find((p) => p.toolCallId === unknown.toolCallId);
    expect(unknownResult?.output).toMatch(/write_file/);

    // The loop: warned (and the model changed course), never stopped.
    const loopTask = loopback.made("repeat-loop")[0]!.taskKey;
    const warnings = (await eventsOf(project.id, "agent.warning")).map((e) => e.payload as Payload);
    expect(warnings).toContainEqual(expect.objectContaining({ kind: "stuck", taskKey: loopTask, message: expect.stringMatching(/list_files[\s\S]*same/) }));
    expect(await eventsOf(project.id, "agent.stopped")).toEqual([]);

    // The 200 KB output: the model got its head and its tail with the elided size, the timeline at least as much.
    const huge = loopback.made("huge-output")[0]!;
    const hugeResult = (await eventsOf(project.id, "agent.tool_result")).map((e) => e.payload as Payload).find((p) => p.toolCallId === huge.toolCallId);
    expect(hugeResult).toMatchObject({ command: HUGE_COMMAND, exitCode: 0 });
    const stored = String(hugeResult!.output);
    const seen = loopback.requests
      .flatMap((r) => ((r.body?.messages ?? []) as { role: string; tool_call_id?: string; content?: unknown }[]).filter((m) => m.role === "tool" && m.tool_call_id === huge.toolCallId))
      .map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content)));
    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen) {
      const info = `model saw ${s.length} chars: ${s.slice(0, 200)} … ${s.slice(-300)}`;
      expect(s.length, info).toBeLessThan(20_000);
      expect(s, info).toMatch(/line 0 x/);
      expect(s, info).toMatch(/characters elided/);
      const lastLine = /line (\d+) x+\s*(\(output truncated\)\s*)?$/.exec(s.trimEnd());
      expect(lastLine, info).not.toBeNull();
      expect(Number(lastLine![1]), info).toBeGreaterThan(1000);
      expect(stored.length, `timeline holds ${stored.length} chars`).toBeGreaterThanOrEqual(s.length);
    }

    await expectNothingRaw(project.id);
  }, 300_000);

  it("stops a model that keeps repeating itself after the warning, with a sentence a person understands", async () => {
    loopback = await startLoopbackImperfect({ slips: ["repeat-loop"], ignoreWarnings: true, loopLimit: 40 });
    useImperfect(loopback);
    const turn = await propose("Build a web app that displays stock prices");
    await approvePlan(turn.projectId!, owner());
    const project = await settled(turn.projectId!);
    const first = project.tasks.find((t) => t.key === "quote-source")!;
    expect(["failed", "waiting_for_human"]).toContain(first.status);
    const warning = (await eventsOf(project.id, "agent.warning")).map((e) => e.payload as Payload);
    const stopped = (await eventsOf(project.id, "agent.stopped")).map((e) => e.payload as Payload);
    expect(warning).toHaveLength(1);
    expect(stopped).toEqual([expect.objectContaining({ kind: "stuck", taskKey: "quote-source", message: expect.stringMatching(/^Stopped: the agent called list_files \d+ times in a row/) })]);
    // Warned once, then stopped: the loop's calls are bounded by the detector, not by the step limit.
    expect(loopback.made("repeat-loop").length).toBeLessThan(8);
    await expectNothingRaw(project.id);
    await cancelProject(project.id, owner());
  }, 180_000);

  it("on a model with a small context window, old observations are masked and the history condensed (each shown in the timeline), and the project still completes", async () => {
    loopback = await startLoopbackImperfect({ slips: [], memory: true });
    useImperfect(loopback);
    // The org's own provider entry for the same server, with a small window, behind every tier.
    const provider = await addProvider(fx.org.id, fx.people.owner.user.id, { kind: "compatible", name: `Small window ${Date.now()}`, baseUrl: loopback.url });
    const small = await addModel(fx.org.id, fx.people.owner.user.id, { credentialId: provider.id, modelId: "small-window-llm", contextWindow: SMALL_WINDOW, maxOutputTokens: 1_024 });
    for (const tier of ["fast", "standard", "deep"] as const) await setTier(fx.org.id, tier, small.id);
    try {
      const turn = await propose("Write a command-line tool that converts CSV to JSON");
      await approvePlan(turn.projectId!, owner());
      const project = await settled(turn.projectId!);
      expect(project.tasks.map((t) => [t.key, t.status]), await timeline(project.id)).toEqual(project.tasks.map((t) => [t.key, "succeeded"]));
      const context = (await eventsOf(project.id, "agent.context")).map((e) => e.payload as Payload);
      expect(context.length).toBeGreaterThan(0);
      const figures = JSON.stringify(context.map((c) => [c.taskKey, c.step, c.masked, c.condensed, c.tokensBefore, c.tokensAfter]));
      for (const c of context) {
        expect(c.contextWindow).toBe(SMALL_WINDOW);
        expect(Number(c.tokensAfter), figures).toBeLessThan(SMALL_WINDOW);
      }
      expect(context.some((c) => Number(c.tokensAfter) < Number(c.tokensBefore)), figures).toBe(true);
      expect(context.some((c) => c.condensed === true), figures).toBe(true);
      // What the model was sent stayed within its window (≈ 4 characters a token, generously).
      for (const r of loopback.requests) expect(JSON.stringify(r.body?.messages ?? []).length).toBeLessThan(SMALL_WINDOW * 6);
      await expectNothingRaw(project.id);
    } finally {
      for (const tier of ["fast", "standard", "deep"] as const) await setTier(fx.org.id, tier, null);
    }
  }, 300_000);

  it("tries a streamed step again when its stream ends before the first token, and the task goes on", async () => {
    loopback = await startLoopbackImperfect({ slips: ["truncated-stream"] });
    useImperfect(loopback);
    const turn = await propose("Build a web app that displays stock prices");
    await approvePlan(turn.projectId!, owner());
    const task = await firstTaskSettled(turn.projectId!);
    expect(loopback.made("truncated-stream")).toHaveLength(1);
    expect(task.status, await timeline(turn.projectId!)).toBe("succeeded");
    // The cut attempt is a recorded, readable failure; the retry answered.
    const calls = await db.llmCall.findMany({ where: { taskId: task.id }, orderBy: { createdAt: "asc" } });
    expect(calls[0]).toMatchObject({ status: "error", attempt: 1, error: expect.stringMatching(/stream ended before it finished/) });
    expect(calls[1]).toMatchObject({ status: "ok", attempt: 2 });
    await expectNothingRaw(turn.projectId!);
    await cancelProject(turn.projectId!, owner());
  }, 120_000);

  it("a streamed answer that is not server-sent JSON is a readable failed attempt, asked again, with a consistent record", async () => {
    loopback = await startLoopbackImperfect({ slips: ["garbage-stream"] });
    useImperfect(loopback);
    const turn = await propose("Build a web app that displays stock prices");
    await approvePlan(turn.projectId!, owner());
    // The garbage lands on whichever step of the org is streamed first: this project's, or one still
    // winding down from the test before (its runs stop asynchronously after the cancel).
    const failed = await until(() => db.llmCall.findFirst({ where: { orgId: fx.org.id, status: "error", error: { contains: "could not be read" } } }));
    expect(loopback.made("garbage-stream")).toHaveLength(1);
    expect(failed.error).toMatch(/^The model provider sent an answer that could not be read \(not the JSON its protocol uses\)\.$/);
    // Read like a 5xx: the step is asked again and the task goes on.
    const answered = await until(() => db.llmCall.findFirst({ where: { runId: failed.runId!, status: "ok", createdAt: { gte: failed.createdAt } } }));
    expect(answered.attempt, await timeline(failed.projectId!)).toBeGreaterThan(failed.attempt);
    // Nothing held after the failed attempt, and nothing raw in what a person reads.
    await until(async () => ((await db.budgetHold.count({ where: { orgId: fx.org.id } })) === 0 ? true : null));
    await expectNothingRaw(failed.projectId!);
    await cancelProject(turn.projectId!, owner());
  }, 120_000);
});

/** Polls until `read` finds something (at most 90 s). */
async function until<T>(read: () => Promise<T | null>): Promise<T> {
  const end = Date.now() + 90_000;
  for (;;) {
    const found = await read();
    if (found) return found;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The project's first task (quote-source) once it is no longer queued or running. */
async function firstTaskSettled(projectId: string) {
  const end = Date.now() + 90_000;
  for (;;) {
    const task = await db.task.findFirstOrThrow({ where: { projectId, key: "quote-source" } });
    if (!["pending", "queued", "running"].includes(task.status)) return task;
    if (Date.now() > end) throw new Error(`quote-source still ${task.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
