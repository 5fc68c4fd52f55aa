import { describe, expect, it } from "vitest";
import type { CostedPlan } from "@/lib/plan";
import { describeEvent } from "@/components/activity/describe-event";
import { db } from "@/server/db";
import { toLiveEvent } from "@/server/events";
import { callerAs, orgWithRoles, outcome, type OrgFixture } from "./fixtures";
import { chatId, postChat, say } from "./chat-helpers";

// A change asked for in a project's chat is a plan that waits for a person, exactly like a new
// project: nothing is added to the project, scheduled or run until someone with projects:run approves.

const REQUEST = "Add a live markdown preview to the notes editor";

async function finishedProject(fx: OrgFixture, status: "completed" | "cancelled" = "completed") {
  const project = await db.project.create({ data: { orgId: fx.org.id, name: "Notes editor", goal: "Edit notes in the browser", status } });
  for (const [key, role, dependsOn] of [
    ["editor", "frontend", []],
    ["qa", "qa", ["editor"]],
  ] as const) {
    await db.task.create({
      data: { orgId: fx.org.id, projectId: project.id, key, title: `Task ${key}`, role, description: `The ${key} task of the editor.`, dependsOn: [...dependsOn], status: "succeeded", attempt: 1 },
    });
  }
  return project;
}

/** Sends the change request in chat and returns the plan card part the answer carried. */
async function requestChange(fx: OrgFixture, text = REQUEST, conversation = chatId()) {
  const res = await postChat(fx.people.member.sessionId, say(fx.org.id, conversation, text));
  expect(res.status).toBe(200);
  expect(res.error).toBeUndefined();
  const card = res.chunks.find((c) => c.type === "data-plan")?.data as { projectId: string; plan: CostedPlan; kind: string; changeId?: string } | undefined;
  return { res, card, conversation };
}

const member = async (fx: OrgFixture) => callerAs(await fx.people.member.principal());

describe("change requests in chat", () => {
  it("produce a plan card and nothing else: no tasks, no runs, the project unchanged", async () => {
    const fx = await orgWithRoles();
    const project = await finishedProject(fx);
    const { res, card, conversation } = await requestChange(fx);

    expect(card).toMatchObject({ projectId: project.id, kind: "change_request" });
    expect(card!.changeId).toBeTruthy();
    expect(card!.plan.tasks.length).toBeGreaterThan(0);
    expect(card!.plan.totals.minutes).toBeGreaterThan(0);
    expect(res.text).toContain("Nothing runs until you approve");
    expect(res.text).not.toMatch(/running|Added \d+ task/);

    expect(await db.task.count({ where: { projectId: project.id } })).toBe(2);
    expect(await db.run.count({ where: { projectId: project.id } })).toBe(0);
    expect((await db.project.findUniqueOrThrow({ where: { id: project.id } })).status).toBe("completed");
    const change = await db.changeRequest.findUniqueOrThrow({ where: { id: card!.changeId! } });
    expect(change).toMatchObject({ status: "pending", projectId: project.id, orgId: fx.org.id, requestedById: fx.people.member.user.id, conversationId: conversation });
    // The planner's model call is recorded on the project; nothing else happened to it.
    const events = await db.event.findMany({ where: { projectId: project.id, type: { not: "llm.call" } }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["change.proposed"]);
    expect(events[0]!.payload).toMatchObject({ changeId: change.id, tasks: card!.plan.tasks.length });
    // The activity feed announces it as a change that waits.
    expect(describeEvent(toLiveEvent(events[0]!)).text).toMatch(/asked for a change: .+ awaiting approval$/);

    // The card is stored with the answer, and the project page lists the pending change.
    const thread = await (await member(fx)).chat.messages({ orgId: fx.org.id, conversationId: conversation });
    expect(thread.at(-1)!.parts.some((p) => p.type === "data-plan" && p.data.changeId === change.id)).toBe(true);
    const changes = await (await callerAs(await fx.people.viewer.principal())).projects.changes({ projectId: project.id });
    expect(changes.map((c) => [c.id, c.status])).toEqual([[change.id, "pending"]]);
  });

  it("a change that does not fit the project's budget needs the person's confirmation to approve", async () => {
    const fx = await orgWithRoles();
    const project = await finishedProject(fx);
    const { card } = await requestChange(fx);
    await db.budget.create({ data: { orgId: fx.org.id, scope: "project", scopeId: project.id, metric: "tokens", period: "total", limit: 10, policy: "ask" } });
    const input = { projectId: project.id, changeId: card!.changeId! };
    await expect((await member(fx)).projects.approveChange(input)).rejects.toThrow(/does not fit the budget: .* has 10 tokens left, the plan needs about/);
    // Refused whole: the change still waits and no task was added.
    expect((await db.changeRequest.findUniqueOrThrow({ where: { id: input.changeId } })).status).toBe("pending");
    expect(await db.task.count({ where: { projectId: project.id } })).toBe(2);
    await (await member(fx)).projects.approveChange({ ...input, confirmOverBudget: true });
    expect((await db.changeRequest.findUniqueOrThrow({ where: { id: input.changeId } })).status).toBe("approved");
  });

  it("approve adds the change's tasks and schedules the ready ones", async () => {
    const fx = await orgWithRoles();
    const project = await finishedProject(fx);
    const { card } = await requestChange(fx);
    await (await member(fx)).projects.approveChange({ projectId: project.id, changeId: card!.changeId! });

    const tasks = await db.task.findMany({ where: { projectId: project.id }, orderBy: { createdAt: "asc" } });
    expect(tasks.map((t) => t.key)).toEqual(["editor", "qa", ...card!.plan.tasks.map((t) => t.key)]);
    const added = tasks.slice(2);
    // Tasks whose dependencies have all succeeded are queued at once; the rest wait for them.
    const ready = added.filter((t) => t.dependsOn.every((d) => ["editor", "qa"].includes(d)));
    expect(ready.length).toBeGreaterThan(0);
    for (const t of added) expect(t.status).toBe(ready.includes(t) ? "queued" : "pending");
    expect(await db.run.count({ where: { projectId: project.id, status: "queued" } })).toBe(ready.length);
    expect((await db.project.findUniqueOrThrow({ where: { id: project.id } })).status).toBe("running");
    expect((await db.changeRequest.findUniqueOrThrow({ where: { id: card!.changeId! } })).status).toBe("approved");

    const audit = await db.auditLog.findFirst({ where: { orgId: fx.org.id, action: "projects.approveChange" } });
    expect(audit).toMatchObject({ outcome: "success", actorId: fx.people.member.user.id, targetType: "change_request", targetId: card!.changeId });
    const types = (await db.event.findMany({ where: { projectId: project.id }, orderBy: { seq: "asc" } })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["change.proposed", "task.added", "change.decided", "project.status", "task.status"]));

    // A decision is made once.
    expect(await outcome(() => member(fx).then((c) => c.projects.approveChange({ projectId: project.id, changeId: card!.changeId! })))).toBe("CONFLICT");
  });

  it("cancel adds nothing, and a cancelled change cannot be approved afterwards", async () => {
    const fx = await orgWithRoles();
    const project = await finishedProject(fx);
    const { card } = await requestChange(fx);
    const caller = await member(fx);
    await caller.projects.cancelChange({ projectId: project.id, changeId: card!.changeId! });

    expect(await db.task.count({ where: { projectId: project.id } })).toBe(2);
    expect(await db.run.count({ where: { projectId: project.id } })).toBe(0);
    expect((await db.project.findUniqueOrThrow({ where: { id: project.id } })).status).toBe("completed");
    expect((await db.changeRequest.findUniqueOrThrow({ where: { id: card!.changeId! } })).status).toBe("cancelled");
    expect(await outcome(() => caller.projects.approveChange({ projectId: project.id, changeId: card!.changeId! }))).toBe("CONFLICT");
    expect(await db.task.count({ where: { projectId: project.id } })).toBe(2);
  });

  it("an edited change is re-validated and re-priced on the server", async () => {
    const fx = await orgWithRoles();
    const project = await finishedProject(fx);
    const { card } = await requestChange(fx);
    const caller = await member(fx);
    const plan = card!.plan;
    const edited: CostedPlan = {
      ...plan,
      tasks: plan.tasks.map((t, i) => ({ ...t, title: i === 0 ? "Markdown preview beside the editor" : t.title, estimate: { tokens: 4321, minutes: 7 }, costUsd: 999 })),
      totals: { tokens: 1, costUsd: 999, minutes: 1 },
    };

    // A key the project already uses, or a dependency on nothing, is refused with a sentence.
    const clash = { ...edited, tasks: [{ ...edited.tasks[0]!, key: "editor" }, ...edited.tasks.slice(1)] };
    await expect(caller.projects.approveChange({ projectId: project.id, changeId: card!.changeId!, plan: clash })).rejects.toThrow(/already used by the project/);
    const dangling = { ...edited, tasks: [{ ...edited.tasks[0]!, dependsOn: ["nowhere"] }, ...edited.tasks.slice(1)] };
    await expect(caller.projects.approveChange({ projectId: project.id, changeId: card!.changeId!, plan: dangling })).rejects.toThrow(/waits for a task that does not exist \("nowhere"\)/);
    expect(await db.task.count({ where: { projectId: project.id } })).toBe(2);

    await caller.projects.approveChange({ projectId: project.id, changeId: card!.changeId!, plan: edited });
    const stored = (await db.changeRequest.findUniqueOrThrow({ where: { id: card!.changeId! } })).plan as CostedPlan;
    expect(stored.tasks[0]!.title).toBe("Markdown preview beside the editor");
    expect(stored.tasks.every((t) => t.costUsd !== 999)).toBe(true);
    expect(stored.totals.tokens).toBe(4321 * plan.tasks.length);
    expect(stored.totals.costUsd).not.toBe(999);
    // The offline demo model's estimate is its own (seconds per task), whatever the browser sent.
    expect(stored.totals.minutes).toBeLessThan(1);
    const first = await db.task.findFirstOrThrow({ where: { projectId: project.id, key: plan.tasks[0]!.key } });
    expect(first.title).toBe("Markdown preview beside the editor");
  });

  it("only projects:run may decide: a viewer cannot approve or cancel, another org cannot see it", async () => {
    const fx = await orgWithRoles();
    const project = await finishedProject(fx);
    const { card } = await requestChange(fx);
    const viewer = await callerAs(await fx.people.viewer.principal());
    const outsider = await callerAs(await fx.people.outsider.principal());
    const input = { projectId: project.id, changeId: card!.changeId! };
    expect(await outcome(() => viewer.projects.approveChange(input))).toBe("FORBIDDEN");
    expect(await outcome(() => viewer.projects.cancelChange(input))).toBe("FORBIDDEN");
    expect(await outcome(() => outsider.projects.approveChange(input))).toBe("NOT_FOUND");
    expect(await outcome(() => outsider.projects.changes({ projectId: project.id }))).toBe("NOT_FOUND");
    // A change id of another project is not found through this one.
    const other = await finishedProject(fx);
    expect(await outcome(async () => (await member(fx)).projects.approveChange({ projectId: other.id, changeId: card!.changeId! }))).toBe("NOT_FOUND");
    expect((await db.changeRequest.findUniqueOrThrow({ where: { id: card!.changeId! } })).status).toBe("pending");
    expect(await db.task.count({ where: { projectId: project.id } })).toBe(2);
  });

  it("a second request while one is pending grows the same change; cancelling the project cancels it", async () => {
    const fx = await orgWithRoles();
    const project = await finishedProject(fx);
    const { card, conversation } = await requestChange(fx);
    const second = await requestChange(fx, "Also add a word count to the notes editor", conversation);
    expect(second.card!.changeId).toBe(card!.changeId);
    expect(second.card!.plan.tasks.length).toBeGreaterThan(card!.plan.tasks.length);
    const keys = second.card!.plan.tasks.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(await db.changeRequest.count({ where: { projectId: project.id } })).toBe(1);

    await db.project.update({ where: { id: project.id }, data: { status: "running" } });
    await (await member(fx)).projects.cancel({ projectId: project.id });
    expect((await db.changeRequest.findUniqueOrThrow({ where: { id: card!.changeId! } })).status).toBe("cancelled");
  });

  it("on a draft the change joins the proposed plan; on a cancelled project it is declined", async () => {
    const fx = await orgWithRoles();
    // The fixture's draft project is "Stock prices".
    const before = (await db.project.findUniqueOrThrow({ where: { id: fx.project.id } })).plan as CostedPlan;
    const { card, res } = await requestChange(fx, "Add a volume column to the stock prices page");
    expect(card).toMatchObject({ projectId: fx.project.id, kind: "change_request" });
    expect(card!.changeId).toBeUndefined();
    expect(res.text).toContain("Nothing runs until you approve the plan");
    const after = await db.project.findUniqueOrThrow({ where: { id: fx.project.id } });
    expect(after.status).toBe("draft");
    expect((after.plan as CostedPlan).tasks.length).toBeGreaterThan(before.tasks.length);
    expect(await db.task.count({ where: { projectId: fx.project.id } })).toBe(0);

    const cancelled = await finishedProject(fx, "cancelled");
    const declined = await requestChange(fx);
    expect(declined.card).toBeUndefined();
    expect(declined.res.text).toContain("was cancelled");
    expect(await db.changeRequest.count({ where: { projectId: cancelled.id } })).toBe(0);
  });
});
