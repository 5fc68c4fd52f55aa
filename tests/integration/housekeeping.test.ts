import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { withEvents } from "@/server/events";
import { configureMail } from "@/server/governance/notifications";
import { configureProviders } from "@/server/llm";
import { answerQuestion, settleProject } from "@/server/orchestrator";
import { getBoss, stopQueue } from "@/server/queue";
import { startJobWorkers, stopJobWorkers } from "@/server/worker";
import { workspaceRoot } from "@/server/workspace";
import type { Loopback } from "../helpers/loopback-openai";
import { callerAs, orgWithRoles, outcome, SMALL_PLAN, type OrgFixture, withoutOtherFilesRuns } from "./fixtures";
import { call, oneTaskProject, owner, taskOf, until, useScriptedModel } from "./trust-fixtures";

// Housekeeping: rename, archive/restore and delete projects (with their workspace, audited, admins only for
// delete) and one's own conversations; the projects list's filters; notifications when an agent waits for a
// person or a project finishes or fails, in-app and by e-mail through a loopback SMTP server.

type Mail = { to: string[]; subject: string; text: string };
let fx: OrgFixture;
let loopback: Loopback | null = null;
let smtp: SMTPServer;
const mails: Mail[] = [];

beforeAll(async () => {
  await getBoss();
  await withoutOtherFilesRuns();
  await startJobWorkers();
  fx = await orgWithRoles();
  // A real SMTP server on loopback: every message it accepts is kept for the assertions.
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onRcptTo(address, _session, cb) {
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const subject = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1]?.replace(/\r\n[ \t]/g, " ") ?? "";
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: decodeHeader(subject), text: raw.split("\r\n\r\n").slice(1).join("\r\n\r\n") });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  configureMail({ smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, from: "AIOS <aios@example.test>" });
}, 60_000);

afterEach(async () => {
  configureProviders(null);
  await loopback?.close();
  loopback = null;
});

afterAll(async () => {
  configureMail(null);
  stopJobWorkers();
  await stopQueue();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** RFC 2047 encoded words (nodemailer encodes the curly quotes of a subject). */
function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
  );
}

const as = async (who: keyof OrgFixture["people"]) => callerAs(await fx.people[who].principal());
const newProject = (name = "Housekeeping demo") => db.project.create({ data: { orgId: fx.org.id, name, goal: "Show stock prices", plan: SMALL_PLAN } });
// The org's own audit rows (an outsider's attempt is their own security event, outside the org).
const auditOf = (action: string, targetId: string) => db.auditLog.findMany({ where: { orgId: fx.org.id, action, targetId }, orderBy: { createdAt: "asc" } });

describe("projects: rename, archive, restore", () => {
  it("a member renames a project; a viewer and another org cannot; names have readable limits", async () => {
    const p = await newProject();
    const member = await as("member");
    expect(await member.projects.rename({ projectId: p.id, name: "  Stock ticker  " })).toMatchObject({ name: "Stock ticker", previous: "Housekeeping demo" });
    expect((await db.project.findUniqueOrThrow({ where: { id: p.id } })).name).toBe("Stock ticker");
    await expect(member.projects.rename({ projectId: p.id, name: "x".repeat(101) })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Project name can be at most 100 characters." });
    await expect(member.projects.rename({ projectId: p.id, name: " a " })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Project name needs at least 2 characters." });
    expect(await outcome(async () => (await as("viewer")).projects.rename({ projectId: p.id, name: "Viewer was here" }))).toBe("FORBIDDEN");
    expect(await outcome(async () => (await as("outsider")).projects.rename({ projectId: p.id, name: "Outsider was here" }))).toMatch(/FORBIDDEN|NOT_FOUND/);
    expect((await db.project.findUniqueOrThrow({ where: { id: p.id } })).name).toBe("Stock ticker");
    const rows = await auditOf("projects.rename", p.id);
    expect(rows.map((r) => r.outcome)).toEqual(["success", "failure", "failure", "denied"]);
    const renamed = await db.event.findFirstOrThrow({ where: { projectId: p.id, type: "project.renamed" } });
    expect(renamed.payload).toMatchObject({ name: "Stock ticker", previous: "Housekeeping demo" });
  });

  it("archiving hides a project from the list until it is restored; the list filters by status and name", async () => {
    const p = await newProject("Archive ME please");
    const other = await newProject("Something else");
    await db.project.update({ where: { id: other.id }, data: { status: "completed" } });
    const member = await as("member");
    const ids = async (filter: Record<string, unknown> = {}) => (await member.projects.list({ orgId: fx.org.id, ...filter })).map((x) => x.id);

    expect(await ids()).toContain(p.id);
    expect(await member.projects.archive({ projectId: p.id })).toMatchObject({ id: p.id, archivedAt: expect.any(Date) });
    expect(await ids()).not.toContain(p.id);
    expect(await ids({ archived: "archived" })).toEqual([p.id]);
    expect(await ids({ archived: "all" })).toEqual(expect.arrayContaining([p.id, other.id]));
    await expect(member.projects.archive({ projectId: p.id })).rejects.toMatchObject({ code: "CONFLICT", message: '"Archive ME please" is already archived.' });
    expect(await outcome(async () => (await as("viewer")).projects.restore({ projectId: p.id }))).toBe("FORBIDDEN");

    await member.projects.restore({ projectId: p.id });
    expect(await ids()).toContain(p.id);
    expect(await ids({ q: "archive me" })).toEqual([p.id]);
    expect(await ids({ status: "completed", q: "something" })).toEqual([other.id]);
    await expect(member.projects.list({ orgId: fx.org.id, status: "finished" as never })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Choose a project status from the list") });
    expect((await auditOf("projects.archive", p.id)).map((r) => r.outcome)).toEqual(["success", "failure"]);
    expect((await auditOf("projects.restore", p.id)).map((r) => r.outcome)).toEqual(["denied", "success"]);
    // Another org never sees it, whatever the filter.
    expect((await (await as("outsider")).projects.list({ orgId: fx.other.id, archived: "all" })).map((x) => x.id)).not.toContain(p.id);
  });
});

describe("projects: delete", () => {
  it("only admins and owners delete; a running project is cancelled first and leaves no rows and no workspace", async () => {
    loopback = await useScriptedModel((req) => (JSON.stringify(req.body).includes("Answer from") ? call("finish", { summary: "done" }) : call("ask_human", { question: "Which exchange?" })));
    const p = await oneTaskProject(fx, []);
    await until(() => taskOf(p.id), (t) => t.status === "waiting_for_human");
    expect(existsSync(workspaceRoot(p.id))).toBe(true);
    await db.memoryItem.create({ data: { orgId: fx.org.id, projectId: p.id, kind: "note", content: "remember" } });
    await db.budget.create({ data: { orgId: fx.org.id, scope: "project", scopeId: p.id, metric: "usd", period: "total", limit: 5 } });
    const conversation = await db.conversation.create({ data: { orgId: fx.org.id, userId: fx.people.owner.user.id, title: "Stocks", projectId: p.id } });

    expect(await outcome(async () => (await as("member")).projects.delete({ projectId: p.id }))).toBe("FORBIDDEN");
    expect(await outcome(async () => (await as("outsider")).projects.delete({ projectId: p.id }))).toMatch(/FORBIDDEN|NOT_FOUND/);
    expect(await db.project.findUnique({ where: { id: p.id } })).not.toBeNull();

    expect(await (await as("admin")).projects.delete({ projectId: p.id })).toEqual({ id: p.id, name: "Trust test" });
    expect(await db.project.findUnique({ where: { id: p.id } })).toBeNull();
    const left = await Promise.all([
      db.task.count({ where: { projectId: p.id } }),
      db.run.count({ where: { projectId: p.id } }),
      db.question.count({ where: { projectId: p.id } }),
      db.notification.count({ where: { projectId: p.id } }),
      db.memoryItem.count({ where: { projectId: p.id } }),
      db.budget.count({ where: { scope: "project", scopeId: p.id } }),
      db.conversation.count({ where: { projectId: p.id } }),
    ]);
    expect(left).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(await db.conversation.findUnique({ where: { id: conversation.id } })).toMatchObject({ projectId: null });
    expect(existsSync(workspaceRoot(p.id))).toBe(false);
    // It was cancelled before it went (the record of what happened stays), and the delete is audited.
    const status = await db.event.findMany({ where: { projectId: p.id, type: "project.status" }, orderBy: { seq: "asc" } });
    expect(status.at(-1)!.payload).toMatchObject({ status: "cancelled" });
    const audit = await auditOf("projects.delete", p.id);
    expect(audit.map((r) => [r.outcome, r.actorId])).toEqual([
      ["denied", fx.people.member.user.id],
      ["success", fx.people.admin.user.id],
    ]);
    expect(audit[1]!.detail).toMatchObject({ name: "Trust test" });
    expect(await db.event.findFirst({ where: { orgId: fx.org.id, type: "project.deleted", payload: { path: ["projectId"], equals: p.id } } })).not.toBeNull();
    expect(await outcome(async () => (await as("owner")).projects.delete({ projectId: p.id }))).toMatch(/NOT_FOUND|FORBIDDEN/);
  }, 60_000);
});

describe("notifications", () => {
  it("an agent waiting for a person notifies who may answer, in-app and by e-mail; finishing notifies the creator", async () => {
    loopback = await useScriptedModel((req) => (JSON.stringify(req.body).includes("Answer from") ? call("finish", { summary: "done" }) : call("ask_human", { question: "Which exchange should the prices come from?" })));
    const p = await oneTaskProject(fx, []);
    await db.project.update({ where: { id: p.id }, data: { createdById: fx.people.member.user.id } });
    await until(() => taskOf(p.id), (t) => t.status === "waiting_for_human");

    const inbox = await (await as("member")).notifications.list({ orgId: fx.org.id });
    const waiting = inbox.items.find((n) => n.kind === "agent_waiting" && n.link === `/projects/${p.id}`);
    expect(waiting).toMatchObject({ severity: "warning", title: "An agent asks a question in \u201cTrust test\u201d", body: "The agent waits for your answer: Which exchange should the prices come from?" });
    // A viewer cannot answer, so is not told.
    const viewerInbox = await (await as("viewer")).notifications.list({ orgId: fx.org.id });
    expect(viewerInbox.items.some((n) => n.link === `/projects/${p.id}`)).toBe(false);
    const askMails = await until(async () => mails.filter((m) => m.subject.includes("asks a question") && m.text.includes(`/projects/${p.id}`)), (m) => m.length >= 3, 10_000);
    // One message per person (owner, admin, member), never the viewer.
    expect(askMails.flatMap((m) => m.to).sort()).toEqual([fx.people.owner.user.email, fx.people.admin.user.email, fx.people.member.user.email].sort());

    const q = await db.question.findFirstOrThrow({ where: { projectId: p.id } });
    await answerQuestion(p.id, q.id, "NASDAQ", owner(fx));
    await until(() => db.project.findUniqueOrThrow({ where: { id: p.id } }), (x) => x.status === "completed");
    const done = await until(() => db.notification.findMany({ where: { projectId: p.id, kind: "project_completed" } }), (n) => n.length === 1);
    expect(done[0]).toMatchObject({ userId: fx.people.member.user.id, permission: null, title: "\u201cTrust test\u201d is finished" });
    const doneMails = await until(async () => mails.filter((m) => m.subject === "\u201cTrust test\u201d is finished"), (m) => m.length >= 1, 10_000);
    expect(doneMails.flatMap((m) => m.to)).toEqual([fx.people.member.user.email]);
  }, 60_000);

  it("a failed project notifies; with e-mail off the notification stays in-app only", async () => {
    configureMail(null);
    try {
      const p = await newProject("Will fail");
      await withEvents(async (tx, emit) => {
        await tx.project.update({ where: { id: p.id }, data: { status: "running" } });
        await tx.task.create({ data: { orgId: fx.org.id, projectId: p.id, key: "page", title: "Build the page", role: "frontend", description: "x", acceptanceCriteria: [], dependsOn: [], status: "failed" } });
        await settleProject(tx, emit, p.id);
      });
      const [n] = await db.notification.findMany({ where: { projectId: p.id } });
      expect(n).toMatchObject({ kind: "project_failed", severity: "critical", permission: "projects:run", title: "\u201cWill fail\u201d failed", body: "A task failed; retry it to continue." });
      const inbox = await (await as("member")).notifications.list({ orgId: fx.org.id });
      expect(inbox.items.map((i) => i.id)).toContain(n!.id);
      await new Promise((r) => setTimeout(r, 300));
      expect(mails.some((m) => m.subject.includes("Will fail"))).toBe(false);
    } finally {
      configureMail({ smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, from: "AIOS <aios@example.test>" });
    }
  });
});

describe("conversations: rename, archive, restore, delete", () => {
  it("are one's own: the author changes them, anyone else finds nothing; titles have readable limits", async () => {
    const me = await as("member");
    const c = await db.conversation.create({ data: { orgId: fx.org.id, userId: fx.people.member.user.id, title: "First chat" } });
    await db.chatMessage.create({ data: { orgId: fx.org.id, conversationId: c.id, id: "m1", role: "user", parts: [{ type: "text", text: "hi" }] } });
    const p = await db.project.create({ data: { orgId: fx.org.id, name: "From chat", goal: "Show stock prices", conversationId: c.id } });

    expect(await me.chat.rename({ orgId: fx.org.id, conversationId: c.id, title: "Stock ideas" })).toEqual({ id: c.id, title: "Stock ideas" });
    await expect(me.chat.rename({ orgId: fx.org.id, conversationId: c.id, title: "y".repeat(81) })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "A conversation title can be at most 80 characters." });
    expect(await outcome(async () => (await as("owner")).chat.rename({ orgId: fx.org.id, conversationId: c.id, title: "Not mine" }))).toBe("NOT_FOUND");
    expect(await outcome(async () => (await as("outsider")).chat.delete({ orgId: fx.other.id, conversationId: c.id }))).toBe("NOT_FOUND");

    await me.chat.archive({ orgId: fx.org.id, conversationId: c.id, archived: true });
    expect((await me.chat.conversations({ orgId: fx.org.id })).map((x) => x.id)).not.toContain(c.id);
    expect((await me.chat.conversations({ orgId: fx.org.id, archived: true })).map((x) => x.id)).toEqual([c.id]);
    await me.chat.archive({ orgId: fx.org.id, conversationId: c.id, archived: false });
    expect((await me.chat.conversations({ orgId: fx.org.id })).map((x) => x.id)).toContain(c.id);

    await me.chat.delete({ orgId: fx.org.id, conversationId: c.id });
    expect(await db.conversation.findUnique({ where: { id: c.id } })).toBeNull();
    expect(await db.chatMessage.count({ where: { conversationId: c.id } })).toBe(0);
    expect(await db.project.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({ conversationId: null });
    expect((await auditOf("chat.delete", c.id)).map((r) => r.outcome)).toEqual(["success"]);
  });
});
