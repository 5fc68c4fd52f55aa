import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveEvent, StepDelta } from "@/lib/events";
import { db } from "@/server/db";
import { installEventSink } from "@/server/events";
import { approvePlan, handleChatTurn } from "@/server/orchestrator";
import { getBoss, stopQueue } from "@/server/queue";
import { startJobWorkers, stopJobWorkers } from "@/server/worker";
import { orgWithRoles, withoutOtherFilesRuns, type OrgFixture } from "./fixtures";

// Agent steps stream: a project built by the real queue, worker and runner with the offline model
// (whose steps stream through streamText) sends every step's text and tool inputs as live deltas to an
// installed event sink, and for every step they add up to exactly what the step's stored events say.

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

describe("agent steps stream live", () => {
  it("sends each step's text and tool inputs as deltas that add up to the step's stored events", async () => {
    const who = { orgId: fx.org.id, userId: fx.people.owner.user.id, name: "Owner" };
    const conversation = await db.conversation.create({ data: { orgId: fx.org.id, userId: who.userId, title: "CSV" } });
    const turn = await handleChatTurn(who, conversation.id, [{ role: "user", content: "Write a command-line tool that converts CSV to JSON" }]);
    await approvePlan(turn.projectId!, { userId: who.userId, name: "Owner" });
    expect((await settled(turn.projectId!)).status).toBe("completed");
    // The last batch of a step is sent up to one interval after the step's model call returns.
    await new Promise((r) => setTimeout(r, 300));

    const stored = await db.event.findMany({ where: { projectId: turn.projectId!, type: { in: ["agent.text", "agent.tool_call"] } }, orderBy: { seq: "asc" } });
    const mine = deltas.filter((d) => d.projectId === turn.projectId);
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
    expect(checked).toBeGreaterThan(5);
  }, 180_000);
});
