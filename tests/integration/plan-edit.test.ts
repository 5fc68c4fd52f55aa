import { describe, expect, it } from "vitest";
import { OFFLINE_TASK_MINUTES } from "@/lib/estimate";
import { CostedPlan } from "@/lib/plan";
import { db } from "@/server/db";
import { callerAs, orgWithRoles, outcome, SMALL_PLAN, type OrgFixture } from "./fixtures";

// A proposed plan can be edited and saved without approving it: roles reassigned, dependencies changed,
// tasks added. The server checks what the card checks (roles from the team, known keys, no loops) and
// answers with sentences; nothing runs until someone approves.

const member = async (fx: OrgFixture) => callerAs(await fx.people.member.principal());

/** The fixture's one-task plan grown by a QA task that waits for the page, with the page moved to the backend. */
function edited(): CostedPlan {
  const page = { ...SMALL_PLAN.tasks[0]!, role: "backend" };
  const qa = { ...page, key: "check", title: "Check the page", role: "qa", description: "Run the page's tests and read it.", dependsOn: ["page"], costUsd: 99 };
  return CostedPlan.parse({ ...SMALL_PLAN, tasks: [page, qa], totals: { tokens: 1, costUsd: 99, minutes: 1 } });
}

async function message(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return "OK";
  } catch (err) {
    return `${(err as { code?: string }).code}: ${(err as Error).message}`;
  }
}

describe("saving an edited plan", () => {
  it("stores a reassigned role, a new task and its dependency, re-priced, without approving", async () => {
    const fx = await orgWithRoles();
    const saved = await (await member(fx)).projects.savePlan({ projectId: fx.project.id, plan: edited() });

    const project = await db.project.findUniqueOrThrow({ where: { id: fx.project.id } });
    expect(project.status).toBe("draft");
    expect(await db.task.count({ where: { projectId: fx.project.id } })).toBe(0);
    const stored = CostedPlan.parse(project.plan);
    expect(stored.tasks.map((t) => [t.key, t.role, t.dependsOn])).toEqual([
      ["page", "backend", []],
      ["check", "qa", ["page"]],
    ]);
    // The browser's prices are never trusted: the offline demo model is free and takes seconds per task.
    expect(stored.totals.costUsd).toBe(0);
    expect(stored.tasks.every((t) => t.estimate.minutes === OFFLINE_TASK_MINUTES)).toBe(true);
    expect(stored.totals.minutes).toBeCloseTo(2 * OFFLINE_TASK_MINUTES, 6);
    expect(saved.tasks).toHaveLength(2);
    const event = await db.event.findFirst({ where: { projectId: fx.project.id, type: "plan.proposed" }, orderBy: { seq: "desc" } });
    expect(event?.payload).toMatchObject({ tasks: 2, by: fx.people.member.user.name });

    // Approving afterwards starts the saved plan as it was saved.
    await (await member(fx)).projects.approve({ projectId: fx.project.id });
    const tasks = await db.task.findMany({ where: { projectId: fx.project.id }, orderBy: { key: "asc" } });
    expect(tasks.map((t) => [t.key, t.role, t.dependsOn])).toEqual([
      ["check", "qa", ["page"]],
      ["page", "backend", []],
    ]);
    // Once approved, the plan can no longer be edited.
    expect(await message(async () => (await member(fx)).projects.savePlan({ projectId: fx.project.id, plan: edited() }))).toBe(
      "CONFLICT: This plan was already approved, so it can no longer be edited.",
    );
  });

  it("refuses a loop, an unknown dependency and a role not on the team, in sentences, and keeps the plan", async () => {
    const fx = await orgWithRoles();
    const caller = await member(fx);
    const plan = edited();
    const loop = { ...plan, tasks: [{ ...plan.tasks[0]!, dependsOn: ["check"] }, plan.tasks[1]!] };
    expect(await message(() => caller.projects.savePlan({ projectId: fx.project.id, plan: loop }))).toBe(
      "BAD_REQUEST: The edited plan cannot be saved: These tasks wait for each other in a loop, so none could start: “Build the page” → “Check the page” → “Build the page”. Remove one of those dependencies.",
    );
    const ghost = { ...plan, tasks: [plan.tasks[0]!, { ...plan.tasks[1]!, dependsOn: ["page", "deploy"] }] };
    expect(await message(() => caller.projects.savePlan({ projectId: fx.project.id, plan: ghost }))).toBe(
      'BAD_REQUEST: The edited plan cannot be saved: Task “Check the page” waits for a task that does not exist ("deploy").',
    );
    const stranger = { ...plan, tasks: [{ ...plan.tasks[0]!, role: "designer" }, plan.tasks[1]!] };
    expect(await message(() => caller.projects.savePlan({ projectId: fx.project.id, plan: stranger }))).toMatch(
      /^BAD_REQUEST: The edited plan cannot be saved: Task “Build the page”: “Designer” is not on this team\. Choose one of: Planner, Frontend engineer, Backend engineer, QA, DevOps engineer, Researcher\.$/,
    );
    // Approving an edited plan applies the same checks.
    expect(await message(() => caller.projects.approve({ projectId: fx.project.id, plan: loop }))).toMatch(/^BAD_REQUEST: .*wait for each other in a loop/);
    const project = await db.project.findUniqueOrThrow({ where: { id: fx.project.id } });
    expect(CostedPlan.parse(project.plan).tasks).toHaveLength(1);
    expect(project.status).toBe("draft");
  });

  it("is for projects:run only: a viewer is refused and another org cannot reach the project", async () => {
    const fx = await orgWithRoles();
    expect(await outcome(async () => (await callerAs(await fx.people.viewer.principal())).projects.savePlan({ projectId: fx.project.id, plan: edited() }))).toBe("FORBIDDEN");
    expect(await outcome(async () => (await callerAs(await fx.people.outsider.principal())).projects.savePlan({ projectId: fx.project.id, plan: edited() }))).toMatch(/FORBIDDEN|NOT_FOUND/);
    expect(CostedPlan.parse((await db.project.findUniqueOrThrow({ where: { id: fx.project.id } })).plan).tasks).toHaveLength(1);
  });

  it("saves a pending change that waits for the project's tasks, but not one reusing their keys", async () => {
    const fx = await orgWithRoles();
    await db.project.update({ where: { id: fx.project.id }, data: { status: "completed" } });
    await db.task.create({
      data: { orgId: fx.org.id, projectId: fx.project.id, key: "page", title: "Build the page", role: "frontend", description: "The page.", dependsOn: [], status: "succeeded", attempt: 1 },
    });
    const docs = { ...SMALL_PLAN.tasks[0]!, key: "docs", title: "Write the docs", role: "devops", dependsOn: ["page"] };
    const change = await db.changeRequest.create({
      data: { orgId: fx.org.id, projectId: fx.project.id, request: "Add docs", plan: { ...SMALL_PLAN, tasks: [docs] }, requestedById: fx.people.member.user.id },
    });
    const caller = await member(fx);
    const next = CostedPlan.parse({ ...SMALL_PLAN, tasks: [{ ...docs, role: "researcher" }, { ...docs, key: "readme", title: "Write the readme", dependsOn: ["docs", "page"] }] });
    await caller.projects.savePlan({ projectId: fx.project.id, changeId: change.id, plan: next });
    const stored = CostedPlan.parse((await db.changeRequest.findUniqueOrThrow({ where: { id: change.id } })).plan);
    expect(stored.tasks.map((t) => [t.key, t.role, t.dependsOn])).toEqual([
      ["docs", "researcher", ["page"]],
      ["readme", "devops", ["docs", "page"]],
    ]);
    expect(await db.task.count({ where: { projectId: fx.project.id } })).toBe(1);
    const clash = CostedPlan.parse({ ...SMALL_PLAN, tasks: [{ ...docs, key: "page" }] });
    expect(await message(() => caller.projects.savePlan({ projectId: fx.project.id, changeId: change.id, plan: clash }))).toMatch(/^BAD_REQUEST: The edited change cannot be saved: .*the key "page" is already used by the project\./);
  });
});
