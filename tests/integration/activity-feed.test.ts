import { describe, expect, it } from "vitest";
import { withEvents } from "@/server/events";
import { callerAs, orgWithRoles } from "./fixtures";

// The activity feed shows what a person cares about (decisions, finishes, failures, questions, members),
// each with its project's name; an agent's steps and model calls stay in the project's timeline.

describe("activity feed", () => {
  it("leaves out agent noise and names each event's project", async () => {
    const fx = await orgWithRoles();
    const projectId = fx.project.id;
    await withEvents(async (_tx, emit) => {
      const base = { orgId: fx.org.id, projectId };
      await emit({ ...base, type: "project.status", payload: { status: "running", by: "Ann" } });
      await emit({ ...base, type: "agent.text", payload: { taskKey: "page", role: "frontend", step: 1, text: "Writing the page" } });
      await emit({ ...base, type: "task.status", payload: { taskKey: "page", title: "Build the page", role: "frontend", status: "running", attempt: 1 } });
      await emit({ ...base, type: "task.status", payload: { taskKey: "page", title: "Build the page", role: "frontend", status: "failed", attempt: 1, reason: "Tests fail" } });
      await emit({ ...base, type: "git.commit", payload: { taskKey: "page", role: "frontend", sha: "abc1234", message: "Page", files: ["index.html"] } });
    });
    const viewer = await callerAs(await fx.people.viewer.principal());

    const feed = await viewer.activity.recent({ orgId: fx.org.id, limit: 20, people: true });
    expect(feed.map((e) => [e.type, (e.payload as { status?: string }).status ?? null])).toEqual([
      ["task.status", "failed"],
      ["project.status", "running"],
    ]);
    expect(feed.every((e) => e.projectName === "Stock prices")).toBe(true);

    // Without the flag the org's whole stream is there (the diagnostics page and replays use it).
    const all = await viewer.activity.recent({ orgId: fx.org.id, limit: 20 });
    expect(all.map((e) => e.type)).toEqual(expect.arrayContaining(["agent.text", "git.commit"]));
  });
});
