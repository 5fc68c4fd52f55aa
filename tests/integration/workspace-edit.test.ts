import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taskBrief } from "@/server/agents/prompt";
import { db } from "@/server/db";
import { withEvents } from "@/server/events";
import { generateApiKey } from "@/server/governance/api-keys";
import { configureProviders, parseLlmConfig } from "@/server/llm";
import { scheduleReady } from "@/server/orchestrator";
import { createCaller, createContext } from "@/server/api";
import { getBoss, stopQueue } from "@/server/queue";
import { startJobWorkers, stopJobWorkers } from "@/server/worker";
import { ensureWorkspace, history, writeFile } from "@/server/workspace";
import { agentTagOf, startLoopbackOffline } from "../helpers/loopback-offline";
import type { Loopback } from "../helpers/loopback-openai";
import { recordSecret } from "../helpers/secret-registry";
import { callerAs, orgWithRoles, outcome, type OrgFixture, withoutOtherFilesRuns } from "./fixtures";
import { until } from "./trust-fixtures";

// A person edits the project's workspace in the browser: the save is a commit under their name, refused
// when the file changed meanwhile, while an agent works, outside the workspace, for viewers and for
// other orgs; the tasks still to run are told about it in their brief.

let fx: OrgFixture;
let loopback: Loopback | null = null;

beforeAll(async () => {
  await getBoss();
  await withoutOtherFilesRuns();
  fx = await orgWithRoles();
}, 60_000);

afterAll(async () => {
  stopJobWorkers();
  configureProviders(null);
  await loopback?.close();
  await stopQueue();
});

const as = async (who: "owner" | "admin" | "member" | "viewer" | "outsider") => callerAs(await fx.people[who].principal());

async function projectWithReadme(name = "Edit test") {
  const project = await db.project.create({ data: { orgId: fx.org.id, name, goal: "Show stock prices" } });
  await writeFile(await ensureWorkspace(project.id), "README.md", "# Stock prices\n");
  return project;
}

describe("workspace.open and workspace.save", () => {
  it("saves a member's edit as a commit under their name and e-mail, and records it", async () => {
    const project = await projectWithReadme();
    const member = await as("member");
    const opened = await member.workspace.open({ projectId: project.id, path: "README.md" });
    expect(opened).toMatchObject({ path: "README.md", content: "# Stock prices\n", bytes: 15, version: expect.stringMatching(/^[0-9a-f]{40}$/) });

    const saved = await member.workspace.save({ projectId: project.id, path: "README.md", content: "# Stock prices\n\nEdited in the browser.\n", version: opened.version, message: "Say how it was made" });
    expect(saved).toMatchObject({ path: "README.md", files: ["README.md"], sha: expect.stringMatching(/^[0-9a-f]{40}$/) });
    const [latest] = await history(await ensureWorkspace(project.id));
    expect(latest).toMatchObject({ sha: saved.sha, authorName: fx.people.member.user.name, authorEmail: fx.people.member.user.email, message: "Say how it was made" });

    // The new version opens, and it is the one the save returned.
    expect((await member.workspace.open({ projectId: project.id, path: "README.md" })).version).toBe(saved.version);
    const event = await db.event.findFirstOrThrow({ where: { projectId: project.id, type: "workspace.edited" } });
    expect(event.payload).toEqual({ path: "README.md", sha: saved.sha, message: "Say how it was made", files: ["README.md"], created: false, by: fx.people.member.user.name });
    const audit = await db.auditLog.findFirst({ where: { orgId: fx.org.id, action: "workspace.save" }, orderBy: { createdAt: "desc" } });
    expect(audit).toMatchObject({ outcome: "success", actorId: fx.people.member.user.id });
  });

  it("creates a new file, and refuses to create one over an existing file", async () => {
    const project = await projectWithReadme();
    const admin = await as("admin");
    const created = await admin.workspace.save({ projectId: project.id, path: "docs/notes.md", content: "- first note\n", version: null, message: "Add notes" });
    expect(created.files).toEqual(["docs/notes.md"]);
    expect((await admin.projects.files({ projectId: project.id })).map((f) => f.path)).toEqual(["README.md", "docs/notes.md"]);
    await expect(admin.workspace.save({ projectId: project.id, path: "README.md", content: "x", version: null, message: "Replace" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'A file named "README.md" already exists. Open it from the file list to edit it.',
    });
  });

  it('refuses a save over a file that changed since it was opened: "This file changed since you opened it"', async () => {
    const project = await projectWithReadme();
    const member = await as("member");
    const opened = await member.workspace.open({ projectId: project.id, path: "README.md" });
    await (await as("owner")).workspace.save({ projectId: project.id, path: "README.md", content: "# Owner's version\n", version: opened.version, message: "Owner first" });
    await expect(member.workspace.save({ projectId: project.id, path: "README.md", content: "# Member's version\n", version: opened.version, message: "Member second" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This file changed since you opened it. Reload it to see the new version, then make your change again.",
    });
    expect((await member.workspace.open({ projectId: project.id, path: "README.md" })).content).toBe("# Owner's version\n");
  });

  it("keeps saves inside the workspace and out of .git", async () => {
    const project = await projectWithReadme();
    const member = await as("member");
    for (const path of ["../other/README.md", "/etc/passwd", ".git/config", "src/.git/HEAD"]) {
      const err = await member.workspace.save({ projectId: project.id, path, content: "x", version: null, message: "Escape" }).catch((e: unknown) => e);
      expect(err, path).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/^The path ".*" (contains|is) /) });
    }
    await expect(member.workspace.open({ projectId: project.id, path: "../../etc/passwd" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await history(await ensureWorkspace(project.id))).toHaveLength(1);
  });

  it("lets viewers read but not save; another org's people cannot reach the project at all", async () => {
    const project = await projectWithReadme();
    const input = { projectId: project.id, path: "README.md", content: "# Viewer\n", version: null, message: "Try" };
    expect((await (await as("viewer")).workspace.open({ projectId: project.id, path: "README.md" })).content).toBe("# Stock prices\n");
    expect(await outcome(async () => (await as("viewer")).workspace.save(input))).toBe("FORBIDDEN");
    expect(await outcome(async () => (await as("outsider")).workspace.save(input))).toBe("NOT_FOUND");
    expect(await outcome(async () => (await as("outsider")).workspace.open({ projectId: project.id, path: "README.md" }))).toBe("NOT_FOUND");
    expect(await outcome(async () => (await callerAs(null)).workspace.save(input))).toBe("UNAUTHORIZED");
  });

  it("commits an API key's save under the person who made the key", async () => {
    const project = await projectWithReadme();
    const { secret, hash, prefix } = generateApiKey();
    recordSecret("secret", secret);
    await db.apiKey.create({ data: { orgId: fx.org.id, name: "editor key", secretHash: hash, prefix, scopes: ["projects:read", "projects:update"], createdById: fx.people.member.user.id } });
    const caller = createCaller(await createContext({ headers: new Headers({ authorization: `Bearer ${secret}` }) }));
    const saved = await caller.workspace.save({ projectId: project.id, path: "KEY.md", content: "made with a key\n", version: null, message: "From a script" });
    const [latest] = await history(await ensureWorkspace(project.id));
    expect(latest).toMatchObject({ sha: saved.sha, authorName: fx.people.member.user.name, authorEmail: fx.people.member.user.email });
  });

  it("refuses, with a sentence, while an agent works in the workspace, and a file too big to edit", async () => {
    const project = await projectWithReadme();
    const task = await db.task.create({ data: { orgId: fx.org.id, projectId: project.id, key: "page", title: "Build the page", role: "frontend", description: "A page", status: "running" } });
    const run = await db.run.create({ data: { orgId: fx.org.id, projectId: project.id, taskId: task.id, status: "running" } });
    const member = await as("member");
    const { version } = await member.workspace.open({ projectId: project.id, path: "README.md" });
    const input = { projectId: project.id, path: "README.md", content: "# Edited\n", version, message: "Edit" };
    await expect(member.workspace.save(input)).rejects.toMatchObject({
      code: "CONFLICT",
      message: "An agent is working in this workspace right now (“Build the page”). Save again when it finishes, or pause the project and wait for the agent to stop. Your text is still in the editor.",
    });
    await db.run.update({ where: { id: run.id }, data: { status: "succeeded" } });
    await expect(member.workspace.save({ ...input, content: "é".repeat(300 * 1024) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: '"README.md" is 600 KiB; files up to 512 KiB can be edited in the browser. Download the project to change larger files.',
    });
    expect((await member.workspace.save(input)).files).toEqual(["README.md"]);
  });
});

describe("the next brief", () => {
  it("tells the tasks still to run what a person changed, and the offline model works from it", async () => {
    const project = await projectWithReadme("Brief test");
    await db.project.update({ where: { id: project.id }, data: { status: "running" } });
    const done = await db.task.create({ data: { orgId: fx.org.id, projectId: project.id, key: "readme", title: "Write the readme", role: "backend", description: "A readme", status: "succeeded" } });
    const next = await db.task.create({
      data: { orgId: fx.org.id, projectId: project.id, key: "hello", title: "Say hello", role: "backend", description: "Write hello.txt with the word hello.", acceptanceCriteria: [], feedback: [] },
    });
    const member = await as("member");
    const { version } = await member.workspace.open({ projectId: project.id, path: "README.md" });
    await member.workspace.save({ projectId: project.id, path: "README.md", content: "# Stock prices\n\nUse port 4000.\n", version, message: "Document the port\n\nDetails nobody needs in the brief." });
    await member.workspace.save({ projectId: project.id, path: "src/config.json", content: '{ "port": 4000 }\n', version: null, message: "Add the config" });

    const line1 = "Changed by a person since the last task: README.md — Document the port";
    const line2 = "Changed by a person since the last task: src/config.json — Add the config";
    const brief = taskBrief(project, await db.task.findUniqueOrThrow({ where: { id: next.id } }));
    expect(brief.startsWith(`${line1}\n${line2}\n\nProject goal: Show stock prices`)).toBe(true);
    // A finished task is not told (its work is done); only the ones still to run.
    expect((await db.task.findUniqueOrThrow({ where: { id: done.id } })).feedback).toEqual([]);

    // The task runs on the offline model (served over OpenAI's protocol, so the request can be read).
    loopback = await startLoopbackOffline();
    const model = "openai:gpt-4o-mini";
    configureProviders({ ...parseLlmConfig({ OPENAI_API_KEY: "sk-loopback", OPENAI_BASE_URL: loopback.url, AIOS_MODEL_FAST: model, AIOS_MODEL_STANDARD: model, AIOS_MODEL_DEEP: model }), maxRetries: 0 });
    await startJobWorkers();
    await withEvents((tx, emit) => scheduleReady(tx, emit, project.id));
    const settled = await until(
      () => db.task.findUniqueOrThrow({ where: { id: next.id } }),
      (t) => ["succeeded", "failed", "needs_attention", "waiting_for_human"].includes(t.status),
      120_000,
    );
    const agentCalls = loopback.requests.filter((r) => agentTagOf(r)?.task === "hello");
    expect(agentCalls.length).toBeGreaterThan(0);
    const firstUser = (agentCalls[0]!.body.messages as { role: string; content: unknown }[]).find((m) => m.role === "user");
    expect(firstUser?.content).toBe(brief);
    expect(settled.status, JSON.stringify(settled.result)).toBe("succeeded");
  }, 180_000);
});
