import { db } from "@/server/db";
import { configureProviders, parseLlmConfig } from "@/server/llm";
import { withEvents } from "@/server/events";
import { approvePlan, scheduleReady, updateProjectSettings } from "@/server/orchestrator";
import { startLoopbackOpenAI, type Loopback, type LoopbackReply, type LoopbackScript } from "../helpers/loopback-openai";
import { SMALL_PLAN, type OrgFixture } from "./fixtures";

// Shared by the trust suites: a scripted model on OpenAI's real protocol (a loopback server) and a
// one-task project run by the real queue, worker and runner.

export async function useScriptedModel(script: LoopbackScript): Promise<Loopback> {
  const loopback = await startLoopbackOpenAI({ script });
  const model = "openai:gpt-4o-mini";
  const vars = { OPENAI_API_KEY: "sk-loopback", OPENAI_BASE_URL: loopback.url, AIOS_MODEL_FAST: model, AIOS_MODEL_STANDARD: model, AIOS_MODEL_DEEP: model };
  configureProviders({ ...parseLlmConfig(vars), maxRetries: 0 });
  return loopback;
}

export const call = (name: string, input: unknown): LoopbackReply => ({ toolCalls: [{ name, input }], usage: { inputTokens: 100, outputTokens: 20 }, finishReason: "tool_calls" });

/** Whether the model was already shown `text` (in a tool result or the brief). */
export const saw = (req: { body: unknown }, text: string) => JSON.stringify(req.body).includes(text);

export const owner = (fx: OrgFixture) => ({ userId: fx.people.owner.user.id, name: "Owner" });

/**
 * A running project with one backend task with these criteria; its run starts at once. Plans need a
 * criterion, so a task without any (nothing to check: the tests are about something else) is
 * created and scheduled directly, as approval would.
 */
export async function oneTaskProject(fx: OrgFixture, criteria: string[], settings: { requireCommandApproval?: boolean } = {}) {
  const tasks = [{ ...SMALL_PLAN.tasks[0]!, key: "hello", title: "Say hello", role: "backend", acceptanceCriteria: criteria }];
  const project = await db.project.create({ data: { orgId: fx.org.id, name: "Trust test", goal: "Say hello", plan: { ...SMALL_PLAN, tasks } } });
  if (Object.keys(settings).length) await updateProjectSettings(project.id, settings);
  if (criteria.length) await approvePlan(project.id, owner(fx));
  else await startWithoutCriteria(project.id, tasks);
  return project;
}

export async function startWithoutCriteria(projectId: string, tasks: { key: string; title: string; role: string; description: string; dependsOn: string[] }[]) {
  await withEvents(async (tx, emit) => {
    const project = await tx.project.update({ where: { id: projectId }, data: { status: "running" } });
    for (const t of tasks) {
      await tx.task.create({ data: { orgId: project.orgId, projectId, key: t.key, title: t.title, role: t.role, description: t.description, acceptanceCriteria: [], dependsOn: t.dependsOn } });
    }
    await scheduleReady(tx, emit, projectId);
  });
}

export async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(v).slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const taskOf = (projectId: string) => db.task.findFirstOrThrow({ where: { projectId } });
export const SETTLED = ["succeeded", "failed", "cancelled", "needs_attention"];
export const settledTask = (projectId: string) => until(() => taskOf(projectId), (t) => SETTLED.includes(t.status));
