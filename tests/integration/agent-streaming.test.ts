import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveEvent, StepDelta } from "@/lib/events";
import { db } from "@/server/db";
import { installEventSink } from "@/server/events";
import { configureProviders, parseLlmConfig } from "@/server/llm";
import { approvePlan, handleChatTurn } from "@/server/orchestrator";
import { getBoss, stopQueue } from "@/server/queue";
import { startJobWorkers, stopJobWorkers } from "@/server/worker";
import { startLoopbackOpenAI, type LoopbackRequest } from "../helpers/loopback-openai";
import { orgWithRoles, SMALL_PLAN, withoutOtherFilesRuns, type OrgFixture } from "./fixtures";
import { startWithoutCriteria } from "./trust-fixtures";

// Agent steps stream: the real queue, worker and runner send every step's text and tool inputs as live
// deltas to an installed event sink, and for every step they add up to exactly what the step's stored
// events say, with a provider that streams (the loopback OpenAI stand-in, speaking the real SSE
// protocol). The offline model at full speed has nothing to show live and sends nothing.

let fx: OrgFixture;
const deltas: StepDelta[] = [];
const events: LiveEvent[] = [];

beforeAll(async () => {
  installEventSink({ event: (e) => void events.push(e), revokeUser: () => {}, delta: (d) => void deltas.push(d) });
  await getBoss();
  await withoutOtherFilesRuns();
  await startJobWorkers();
  fx = await orgWithRoles();
}, 60_000);

afterAll(async () => {
  installEventSink(null);
  stopJobWorkers();
  await stopQueue();
});

async function settled(projectId: string, timeoutMs = 150_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const p = await db.project.findUniqueOrThrow({ where: { id: projectId } });
    if (["completed", "failed", "cancelled"].includes(p.status)) return p;
    if (Date.now() > end) throw new Error(`project still ${p.status}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Checks every stored text and tool call of the project against the deltas of its step; returns how many. */
async function expectDeltasMatchStored(projectId: string): Promise<number> {
  // The last batch of a step is sent up to one interval after the step's model call returns.
  await new Promise((r) => setTimeout(r, 300));
  const stored = await db.event.findMany({ where: { projectId, type: { in: ["agent.text", "agent.tool_call"] } }, orderBy: { seq: "asc" } });
  const mine = deltas.filter((d) => d.projectId === projectId);
  expect(mine.length).toBeGreaterThan(0);
  // Never a stored event: deltas have no seq and no row.
  expect(events.some((e) => e.type.includes("delta"))).toBe(false);

  const steps = new Map<string, { text: string; inputs: Map<string, string>; n: number[] }>();
  for (const d of mine) {
    const key = `${d.runId}:${d.step}`;
    const s = steps.get(key) ?? { text: "", inputs: new Map<string, string>(), n: [] as number[] };
    s.n.push(d.n);
    s.text += d.text ?? "";
    for (const t of d.tools ?? []) s.inputs.set(t.toolCallId, (s.inputs.get(t.toolCallId) ?? "") + t.input);
    steps.set(key, s);
  }
  let checked = 0;
  for (const e of stored) {
    const p = e.payload as { step: number; text?: string; toolCallId?: string; input?: unknown };
    const s = steps.get(`${e.runId}:${p.step}`);
    expect(s, `deltas of run ${e.runId} step ${p.step}`).toBeDefined();
    // Batches of a step arrive numbered 1, 2, 3… in order.
    expect(s!.n).toEqual(s!.n.map((_, i) => i + 1));
    if (e.type === "agent.text") expect(s!.text).toBe(p.text);
    else expect(JSON.parse(s!.inputs.get(p.toolCallId!)!)).toEqual(p.input);
    checked++;
  }
  expect(checked).toBe(stored.length);
  return checked;
}

describe("agent steps stream live", () => {
  it("streams a real provider's steps: text and tool inputs as written, adding up to the stored steps", async () => {
    const hasResult = (req: LoopbackRequest) => JSON.stringify(req.body.messages).includes("tool_call_id");
    const loopback = await startLoopbackOpenAI({
      script: (req) =>
        req.body.stream !== true
          ? { httpError: { status: 400, message: "This test expects streamed agent steps." } }
          : !hasResult(req)
            ? { text: "I will write the page with three symbols and their prices.", toolCalls: [{ name: "write_file", input: { path: "index.html", content: "<ul><li>AAPL 190</li><li>MSFT 410</li><li>NVDA 120</li></ul>\n" } }] }
            : { text: "The page lists three symbols; done.", toolCalls: [{ name: "finish", input: { summary: "Wrote index.html with three symbols.", criteria: [] } }] },
    });
    const model = "openai:gpt-4o-mini";
    configureProviders({ ...parseLlmConfig({ OPENAI_API_KEY: "sk-loopback", OPENAI_BASE_URL: loopback.url, AIOS_MODEL_FAST: model, AIOS_MODEL_STANDARD: model, AIOS_MODEL_DEEP: model }), maxRetries: 0 });
    try {
      const tasks = SMALL_PLAN.tasks.map((t) => ({ ...t, role: "backend" }));
      const project = await db.project.create({ data: { orgId: fx.org.id, name: "Streamed", goal: "Stream a step", plan: { ...SMALL_PLAN, tasks } } });
      await startWithoutCriteria(project.id, tasks);
      const end = Date.now() + 60_000;
      for (;;) {
        const task = await db.task.findFirstOrThrow({ where: { projectId: project.id } });
        if (["succeeded", "failed", "waiting_for_human"].includes(task.status)) {
          expect(task.status).toBe("succeeded");
          break;
        }
        if (Date.now() > end) throw new Error(`task still ${task.status}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(loopback.requests.every((r) => r.body.stream === true)).toBe(true);
      // Two steps, each with text and a tool call; the stand-in sent them in 8-character pieces.
      expect(await expectDeltasMatchStored(project.id)).toBe(4);
    } finally {
      configureProviders(null);
      await loopback.close();
    }
  }, 90_000);

  it("sends nothing live for the offline model at full speed (its steps are complete at once)", async () => {
    const who = { orgId: fx.org.id, userId: fx.people.owner.user.id, name: "Owner" };
    const conversation = await db.conversation.create({ data: { orgId: fx.org.id, userId: who.userId, title: "CSV" } });
    const turn = await handleChatTurn(who, conversation.id, [{ role: "user", content: "Write a command-line tool that converts CSV to JSON" }]);
    await approvePlan(turn.projectId!, { userId: who.userId, name: "Owner" });
    expect((await settled(turn.projectId!)).status).toBe("completed");
    await new Promise((r) => setTimeout(r, 300));
    expect(await db.event.count({ where: { projectId: turn.projectId!, type: "agent.tool_call" } })).toBeGreaterThan(5);
    expect(deltas.filter((d) => d.projectId === turn.projectId)).toEqual([]);
  }, 180_000);
});
