import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { configureProviders, costOf, parseLlmConfig, priceOf, type LlmConfig } from "@/server/llm";
import { answerQuestion, cancelProject, retryTask, updateProjectSettings } from "@/server/orchestrator";
import { getBoss, stopQueue } from "@/server/queue";
import { startJobWorkers, stopJobWorkers } from "@/server/worker";
import { workspaceRoot } from "@/server/workspace";
import { startLoopbackAnthropic } from "../helpers/loopback-anthropic";
import { startLoopbackOpenAI, type Loopback, type LoopbackReply, type LoopbackScript } from "../helpers/loopback-openai";
import { orgWithRoles, SMALL_PLAN, type OrgFixture, withoutOtherFilesRuns } from "./fixtures";
import { startWithoutCriteria } from "./trust-fixtures";

// Agents through real provider protocols (loopback servers stand in for OpenAI and Anthropic and
// speak their HTTP APIs), and the faults an agent run must survive.

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

type Provider = "openai" | "anthropic" | "compatible";
const MODEL: Record<Provider, string> = { openai: "gpt-4o-mini", anthropic: "claude-sonnet-4-5", compatible: "llama3.1" };

async function useProvider(provider: Provider, script: LoopbackScript): Promise<LlmConfig> {
  loopback = provider === "anthropic" ? await startLoopbackAnthropic({ script }) : await startLoopbackOpenAI({ script });
  const vars =
    provider === "openai"
      ? { OPENAI_API_KEY: "sk-loopback", OPENAI_BASE_URL: loopback.url }
      : provider === "anthropic"
        ? { ANTHROPIC_API_KEY: "sk-ant-loopback", ANTHROPIC_BASE_URL: loopback.url }
        : { AIOS_OPENAI_COMPATIBLE_URL: loopback.url, AIOS_OPENAI_COMPATIBLE_NAME: "ollama" };
  const model = `${provider}:${MODEL[provider]}`;
  const config = { ...parseLlmConfig({ ...vars, AIOS_MODEL_FAST: model, AIOS_MODEL_STANDARD: model, AIOS_MODEL_DEEP: model }), maxRetries: 0 };
  configureProviders(config);
  return config;
}

const call = (name: string, input: unknown, usage = { inputTokens: 120, outputTokens: 30 }): LoopbackReply => ({
  toolCalls: [{ name, input }],
  usage,
  finishReason: "tool_calls",
});

/** A project with one backend task, approved; resolves when the task settles. */
async function runOneTask(
  settings: { maxSteps?: number; maxRunMinutes?: number } = {},
  tasks = SMALL_PLAN.tasks.map((t) => ({ ...t, role: "backend" })),
  conversationId: string | null = null,
) {
  const project = await db.project.create({
    data: { orgId: fx.org.id, name: "Provider test", goal: "Write hello.txt", plan: { ...SMALL_PLAN, tasks }, conversationId },
  });
  if (Object.keys(settings).length) await updateProjectSettings(project.id, settings);
  // No acceptance criteria: these tests are about protocols and faults (trust-criteria.test.ts checks criteria).
  await startWithoutCriteria(project.id, tasks);
  return project;
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(v).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** How many processes on this machine run `command` (the sandbox's commands are ordinary processes). */
const processes = (command: string) => Number(spawnSync("pgrep", ["-fc", `^${command}$`], { encoding: "utf8" }).stdout.trim() || 0);

const tasksOf = (projectId: string) => db.task.findMany({ where: { projectId }, orderBy: { createdAt: "asc" } });
const settledTasks = (projectId: string) =>
  until(() => tasksOf(projectId), (ts) => ts.every((t) => ["succeeded", "failed", "cancelled", "needs_attention"].includes(t.status)));

describe.each(["openai", "anthropic", "compatible"] as const)("an agent on the %s protocol", (provider) => {
  it("completes a task with tools, and records tokens and cost from the usage the provider reports", async () => {
    await useProvider(provider, [call("write_file", { path: "hello.txt", content: "hello\n" }), call("finish", { summary: "Wrote hello.txt" })]);
    const project = await runOneTask();
    const [task] = await settledTasks(project.id);
    expect(task!.status).toBe("succeeded");
    expect(readFileSync(join(workspaceRoot(project.id), "hello.txt"), "utf8")).toBe("hello\n");
    const calls = await db.llmCall.findMany({ where: { projectId: project.id, purpose: "agent" } });
    expect(calls).toHaveLength(2);
    for (const c of calls) {
      expect(c).toMatchObject({ provider, model: MODEL[provider], tokensIn: 120, tokensOut: 30, status: "ok" });
      expect(Number(c.costUsd)).toBeCloseTo(costOf(priceOf(provider, MODEL[provider]), { inputTokens: 120, outputTokens: 30, cachedInputTokens: 0 }), 6);
    }
    const run = await db.run.findFirstOrThrow({ where: { taskId: task!.id } });
    expect(run).toMatchObject({ tokensIn: 240, tokensOut: 60, steps: 2 });
  }, 60_000);
});

describe("agent faults", () => {
  it("fails readably when the model errors mid-run, and a retry succeeds", async () => {
    let failNext = true;
    await useProvider("openai", (req) => {
      const wrote = JSON.stringify(req.body).includes("Wrote hello.txt");
      if (!wrote) return call("write_file", { path: "hello.txt", content: "hi" });
      if (failNext) {
        failNext = false;
        return { httpError: { status: 500, message: "upstream exploded" } };
      }
      return call("finish", { summary: "done" });
    });
    const project = await runOneTask();
    const [failed] = await settledTasks(project.id);
    expect(failed!.status).toBe("failed");
    expect((failed!.result as { error: string }).error).toMatch(/model provider returned an error: 500/i);
    await retryTask(project.id, failed!.id, { userId: fx.people.owner.user.id, name: "Owner" });
    const [retried] = await settledTasks(project.id);
    expect(retried).toMatchObject({ status: "succeeded", attempt: 2 });
  }, 60_000);

  it("refuses ../ paths, symlinks out of the workspace and a 10 MB write, and shows each as an event", async () => {
    const passwd = readFileSync("/etc/passwd", "utf8");
    await useProvider("openai", [
      call("write_file", { path: "../../etc/passwd", content: "pwned" }),
      call("run_command", { command: "ln -s /etc/passwd leak" }),
      call("read_file", { path: "leak" }),
      call("write_file", { path: "big.bin", content: "x".repeat(10 * 1024 * 1024) }),
      call("finish", { summary: "tried" }),
    ]);
    const project = await runOneTask();
    await settledTasks(project.id);
    const results = await db.event.findMany({ where: { projectId: project.id, type: "agent.tool_result" }, orderBy: { seq: "asc" } });
    const outcome = results.map((e) => e.payload as { tool: string; ok: boolean; output: string });
    expect(outcome[0]).toMatchObject({ tool: "write_file", ok: false });
    expect(outcome[0]!.output).toMatch(/\.\./);
    expect(outcome[2]).toMatchObject({ tool: "read_file", ok: false });
    expect(outcome[2]!.output).toMatch(/symlink|symbolic link/i);
    expect(outcome[3]).toMatchObject({ tool: "write_file", ok: false });
    expect(outcome[3]!.output).toMatch(/MiB|MB|bytes/);
    expect(readFileSync("/etc/passwd", "utf8")).toBe(passwd);
    expect(existsSync(join(workspaceRoot(project.id), "big.bin"))).toBe(false);
  }, 60_000);

  it("stops a model that never calls finish at the step limit", async () => {
    await useProvider("openai", () => call("list_files", {}));
    const project = await runOneTask({ maxSteps: 4 });
    const [task] = await settledTasks(project.id);
    expect(task!.status).toBe("failed");
    expect((task!.result as { error: string }).error).toBe("Stopped at the step limit (4 steps) without finishing.");
    expect(await db.llmCall.count({ where: { projectId: project.id } })).toBe(4);
  }, 60_000);

  it("a worker that stops hands its running task back to the queue, and it finishes when workers start again", async () => {
    let slow = true;
    await useProvider("openai", (req) =>
      slow ? call("run_command", { command: "sleep 59.5", timeoutSeconds: 120 }) : JSON.stringify(req.body).includes("sleep 59.5") ? call("finish", { summary: "done after the restart" }) : call("finish", { summary: "done" }),
    );
    const project = await runOneTask();
    await until(() => db.run.findFirst({ where: { projectId: project.id } }), (r) => r?.status === "running", 20_000);
    await until(async () => processes("sleep 59.5"), (n) => n > 0, 10_000);
    stopJobWorkers();
    const released = await until(() => db.run.findFirstOrThrow({ where: { projectId: project.id } }), (r) => r.status === "queued", 10_000);
    expect(released).toMatchObject({ claimedBy: null, attempt: 2 });
    await until(async () => processes("sleep 59.5"), (n) => n === 0, 5_000);
    slow = false;
    await startJobWorkers();
    const [task] = await settledTasks(project.id);
    expect(task!.status).toBe("succeeded");
  }, 60_000);

  it("asks a person: the question shows in the project and its chat, and the answer resumes the task", async () => {
    await useProvider("openai", (req) =>
      JSON.stringify(req.body).includes("Answer from Owner") ? call("finish", { summary: "Used NASDAQ as told" }) : call("ask_human", { question: "Which exchange should the prices come from?" }),
    );
    const conversation = await db.conversation.create({ data: { orgId: fx.org.id, userId: fx.people.owner.user.id, title: "Stocks" } });
    const project = await runOneTask({}, undefined, conversation.id);
    const [waiting] = await until(() => tasksOf(project.id), (ts) => ts[0]?.status === "waiting_for_human");
    const question = await db.question.findFirstOrThrow({ where: { projectId: project.id } });
    expect(question).toMatchObject({ taskId: waiting!.id, kind: "question", text: "Which exchange should the prices come from?", answeredAt: null });
    const inChat = await db.chatMessage.findFirstOrThrow({ where: { conversationId: conversation.id } });
    expect(JSON.stringify(inChat.parts)).toContain(question.id);
    await answerQuestion(project.id, question.id, "NASDAQ", { userId: fx.people.owner.user.id, name: "Owner" });
    const [done] = await settledTasks(project.id);
    expect(done).toMatchObject({ status: "succeeded", result: { summary: "Used NASDAQ as told", commit: null, criteria: [] } });
  }, 60_000);

  it("stops a run at the project's time limit", async () => {
    await useProvider("openai", () => call("run_command", { command: "sleep 58.5", timeoutSeconds: 120 }));
    const project = await runOneTask({ maxRunMinutes: 0.05 });
    const [task] = await settledTasks(project.id);
    expect(task!.status).toBe("failed");
    expect((task!.result as { error: string }).error).toBe("Stopped at the time limit (0.1 min) without finishing.");
    await until(async () => processes("sleep 58.5"), (n) => n === 0, 5_000);
  }, 60_000);

  it("cancel stops every running agent, and their commands, within 5 seconds", async () => {
    const marker = `sleep ${61 + Math.floor(Math.random() * 100)}`;
    await useProvider("openai", () => call("run_command", { command: marker, timeoutSeconds: 120 }));
    const parallel = ["one", "two"].map((key) => ({ ...SMALL_PLAN.tasks[0]!, key, role: "backend" }));
    const project = await runOneTask({}, parallel);
    await until(() => tasksOf(project.id), (ts) => ts.every((t) => t.status === "running"));
    await until(async () => processes(marker), (n) => n > 0, 10_000);
    await cancelProject(project.id, { userId: fx.people.owner.user.id, name: "Owner" });
    // Within 5 s every run is closed and no agent command is left running.
    const runs = await until(
      async () => ({
        runs: await db.run.findMany({ where: { projectId: project.id } }),
        procs: processes(marker),
      }),
      (v) => v.runs.every((r) => r.status === "cancelled") && v.procs === 0,
      5_000,
    );
    expect(runs.runs).toHaveLength(2);
    expect((await tasksOf(project.id)).map((t) => t.status)).toEqual(["cancelled", "cancelled"]);
  }, 60_000);
});
