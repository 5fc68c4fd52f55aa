import { describe, expect, it } from "vitest";
import { POLICY, rolesWith, ROLES, type Permission } from "@/lib/rbac";
import { appRouter, createCaller, createContext, type Access } from "@/server/api";
import { ensureDefaultAgents } from "@/server/agents/registry";
import { hashPassword } from "@/server/auth";
import { db } from "@/server/db";
import { generateApiKey } from "@/server/governance/api-keys";
import { createInvite } from "@/server/members";
import { ensureWorkspace, writeFile } from "@/server/workspace";
import { recordSecret } from "../helpers/secret-registry";
import { callerAs, orgWithRoles, outcome, SMALL_PLAN, type OrgFixture } from "./fixtures";

// Every procedure is called as anonymous, as a user of another org and as each role; the expected
// outcome comes from its access (set by the procedure builder) and the policy table in lib/rbac.ts.
// Every procedure is also called with API keys of the owner (Authorization: Bearer, through createContext):
// one with all the owner's permissions (as the owner's session, except person-only procedures, which
// refuse keys), one scoped without the procedure's permission (FORBIDDEN), an expired and a revoked one
// (UNAUTHORIZED). A procedure added without an entry here fails the suite. The same matrix over real HTTP for the route
// handlers, and for Socket.IO room joins, is tests/security/authorization-routes.test.ts.

type Sample = {
  /** The policy entry: who may call it (a permission from lib/rbac.ts, or public/authenticated). */
  access: Access;
  input: (fx: OrgFixture, who: Caller) => unknown;
  /** What a permitted call returns when the business rules say no (e.g. setup after setup). */
  permitted?: string;
};

async function inviteToken(fx: OrgFixture) {
  const owner = fx.people.owner;
  const { url } = await createInvite({ userId: owner.user.id, name: owner.user.name, role: "owner" }, fx.org.id, {
    email: `invitee-${Math.random().toString(36).slice(2)}@example.test`,
    role: "member",
  });
  return url.split("/invite/")[1]!;
}

const org = (fx: OrgFixture) => ({ orgId: fx.org.id });
const USAGE_RANGE = { from: "2026-01-01", to: "2026-03-31" };
const SAMPLE_PASSWORD = "the sample's long password";
let sampleHash: Promise<string> | null = null;
const samplePasswordHash = () => (sampleHash ??= hashPassword(SAMPLE_PASSWORD));
const SAMPLES: Record<string, Sample> = {
  "setup.status": { access: "public", input: () => undefined },
  "setup.createOwner": {
    access: "public",
    input: () => ({ name: "Eve", email: "eve@example.test", password: "long enough password", orgName: "Eve Org" }),
    permitted: "PRECONDITION_FAILED",
  },
  "me.get": { access: "authenticated", input: () => undefined },
  "me.sessions": { access: "authenticated", input: () => undefined },
  "me.changePassword": {
    access: "authenticated",
    input: async (fx, who) => {
      if (who !== "anonymous") await db.user.update({ where: { id: fx.people[who].user.id }, data: { passwordHash: await samplePasswordHash() } });
      return { currentPassword: SAMPLE_PASSWORD, newPassword: "a brand new long password" };
    },
  },
  "me.revokeSession": {
    access: "authenticated",
    // Each caller signs out another browser of their own.
    input: async (fx, who) => {
      const userId = who === "anonymous" ? fx.people.owner.user.id : fx.people[who].user.id;
      const s = await db.authSession.create({ data: { userId, expiresAt: new Date(Date.now() + 3600_000) } });
      return { sessionId: s.id };
    },
  },
  "me.revokeOtherSessions": { access: "authenticated", input: () => undefined },
  "orgs.create": { access: "authenticated", input: () => ({ name: "Side project" }) },
  "members.list": { access: "members:read", input: org },
  "members.invites": { access: "members:read", input: org },
  "members.invite": { access: "members:invite", input: (fx) => ({ ...org(fx), email: "new.person@example.test", role: "member" }) },
  "members.revokeInvite": { access: "members:invite", input: async (fx) => {
    const token = await inviteToken(fx);
    const { db } = await import("@/server/db");
    const { createHash } = await import("node:crypto");
    const invite = await db.invite.findUniqueOrThrow({ where: { tokenHash: createHash("sha256").update(token).digest("hex") } });
    return { ...org(fx), inviteId: invite.id };
  } },
  "members.setRole": { access: "members:manage", input: (fx) => ({ ...org(fx), userId: fx.people.target.user.id, role: "member" }) },
  "members.setStatus": { access: "members:manage", input: (fx) => ({ ...org(fx), userId: fx.people.target.user.id, status: "disabled" }) },
  "members.signOutEverywhere": { access: "members:manage", input: (fx) => ({ ...org(fx), userId: fx.people.target.user.id }) },
  "members.remove": { access: "members:manage", input: (fx) => ({ ...org(fx), userId: fx.people.target.user.id }) },
  "invites.get": { access: "public", input: async (fx) => ({ token: await inviteToken(fx) }) },
  "invites.accept": { access: "public", input: async (fx) => ({ token: await inviteToken(fx), name: "New Person", password: "a long new password" }) },
  "audit.list": { access: "audit:read", input: org },
  "audit.actions": { access: "audit:read", input: org },
  "projects.list": { access: "projects:read", input: org },
  "projects.create": { access: "projects:create", input: (fx) => ({ ...org(fx), name: "Todo API", goal: "A REST API for todos" }) },
  "projects.get": { access: "projects:read", input: (fx) => ({ projectId: fx.project.id }) },
  "activity.recent": { access: "org:read", input: org },
  "diagnostics.health": { access: "diagnostics:run", input: org },
  "diagnostics.ping": { access: "diagnostics:run", input: (fx) => ({ ...org(fx), message: "hello" }) },

  "agents.list": { access: "agents:read", input: org },
  "agents.runtime": { access: "agents:read", input: org },
  "agents.update": {
    access: "agents:manage",
    input: async (fx) => {
      await ensureDefaultAgents(fx.org.id);
      const qa = await db.agent.findFirstOrThrow({ where: { orgId: fx.org.id, role: "qa" } });
      return { ...org(fx), agentId: qa.id, name: "QA lead", instructions: qa.instructions, tools: qa.tools, modelTier: "fast" };
    },
  },
  "agents.create": {
    access: "agents:manage",
    input: (fx) => ({ ...org(fx), role: "security", name: "Security reviewer", instructions: "Review the code for security issues.", tools: ["read_file", "finish"], modelTier: "standard" }),
  },
  "chat.conversations": { access: "chat:use", input: org },
  "chat.messages": {
    access: "chat:use",
    // Conversations are private: each caller asks for one of their own (an outsider's lives in their org).
    input: async (fx, who) => {
      const userId = who === "anonymous" ? fx.people.owner.user.id : fx.people[who].user.id;
      const c = await db.conversation.create({ data: { orgId: fx.org.id, userId, title: "Hi" } });
      return { ...org(fx), conversationId: c.id };
    },
  },
  // Housekeeping: conversations are the caller's own (an outsider's lives in their org).
  "chat.rename": { access: "chat:use", input: async (fx, who) => ({ ...(await ownConversation(fx, who)), title: "Renamed" }) },
  "chat.archive": { access: "chat:use", input: async (fx, who) => ({ ...(await ownConversation(fx, who)), archived: true }) },
  "chat.delete": { access: "chat:use", input: (fx, who) => ownConversation(fx, who) },
  "projects.rename": { access: "projects:update", input: (fx) => ({ ...project(fx), name: "Stock ticker" }) },
  "projects.archive": { access: "projects:update", input: (fx) => project(fx) },
  "projects.restore": {
    access: "projects:update",
    input: async (fx) => {
      await db.project.update({ where: { id: fx.project.id }, data: { archivedAt: new Date() } });
      return project(fx);
    },
  },
  "projects.delete": { access: "projects:delete", input: (fx) => project(fx) },
  "projects.approve": { access: "projects:run", input: (fx) => project(fx) },
  "projects.cancel": { access: "projects:run", input: (fx) => project(fx) },
  "projects.savePlan": { access: "projects:run", input: (fx) => ({ ...project(fx), plan: SMALL_PLAN }) },
  "projects.pause": { access: "projects:run", input: (fx) => withStatus(fx, "running") },
  "projects.resume": { access: "projects:run", input: (fx) => withStatus(fx, "paused") },
  "projects.updateSettings": { access: "projects:safety", input: (fx) => ({ ...project(fx), requireCommandApproval: true }) },
  "projects.timeline": { access: "tasks:read", input: async (fx) => ({ ...project(fx), taskId: (await task(fx, "pending")).id }) },
  "projects.retryTask": { access: "tasks:run", input: async (fx) => ({ ...project(fx), taskId: (await task(fx, "failed")).id }) },
  "projects.answer": {
    access: "tasks:run",
    input: async (fx) => {
      const t = await task(fx, "waiting_for_human");
      const q = await db.question.create({ data: { orgId: fx.org.id, projectId: fx.project.id, taskId: t.id, text: "Which colour?" } });
      return { ...project(fx), questionId: q.id, answer: "Blue" };
    },
  },
  "projects.decideCommand": {
    access: "tasks:run",
    // A run paused on a command; denying it (with a reason) re-queues that run.
    input: async (fx) => {
      const t = await task(fx, "waiting_for_human");
      const run = await db.run.create({ data: { orgId: fx.org.id, projectId: fx.project.id, taskId: t.id, status: "waiting_for_human" } });
      const payload = { command: "rm -rf build", toolCallId: "call-1", step: 1, input: { command: "rm -rf build" } };
      const q = await db.question.create({ data: { orgId: fx.org.id, projectId: fx.project.id, taskId: t.id, runId: run.id, kind: "command_approval", text: payload.command, payload } });
      return { ...project(fx), questionId: q.id, decision: "deny", reason: "Not in this folder" };
    },
  },
  "projects.files": { access: "projects:read", input: project },
  "projects.file": { access: "projects:read", input: (fx) => ({ ...project(fx), path: "README.md" }) },
  "projects.commits": { access: "projects:read", input: project },
  "projects.changes": { access: "projects:read", input: project },
  "projects.approveChange": { access: "projects:run", input: async (fx) => ({ ...project(fx), changeId: (await pendingChange(fx)).id }) },
  "projects.cancelChange": { access: "projects:run", input: async (fx) => ({ ...project(fx), changeId: (await pendingChange(fx)).id }) },
  "projects.diff": { access: "projects:read", input: (fx) => ({ ...project(fx), sha: "abc1234" }) },
  "workspace.open": { access: "projects:read", input: async (fx) => ({ ...project(fx), path: await readme(fx) }) },
  "workspace.save": { access: "projects:update", input: (fx) => ({ ...project(fx), path: "notes/hello.md", content: "# Hello\n", version: null, message: "Add a note" }) },
  "apiKeys.mine": { access: "keys:own", input: org },
  "apiKeys.list": { access: "keys:manage", input: org },
  "apiKeys.create": { access: "keys:own", input: (fx) => ({ ...org(fx), name: "CI", scopes: ["org:read"] }) },
  // Each caller rotates or revokes a key of their own (an outsider's lives in their org); revokeAny: someone else's.
  "apiKeys.rotate": { access: "keys:own", input: async (fx, who) => ({ ...org(fx), keyId: await storedKey(fx, who), overlapHours: 1 }) },
  "apiKeys.revoke": { access: "keys:own", input: async (fx, who) => ({ ...org(fx), keyId: await storedKey(fx, who) }) },
  "apiKeys.revokeAny": { access: "keys:manage", input: async (fx) => ({ ...org(fx), keyId: await storedKey(fx, "target") }) },
  "routing.outcomes": { access: "models:read", input: org },
  "usage.calendar": { access: "org:read", input: org },
  "usage.overview": { access: "usage:read", input: (fx) => ({ ...org(fx), ...USAGE_RANGE }) },
  "usage.series": { access: "usage:read", input: (fx) => ({ ...org(fx), ...USAGE_RANGE, bucket: "week", groupBy: "project" }) },
  "usage.breakdown": { access: "usage:read", input: (fx) => ({ ...org(fx), ...USAGE_RANGE, groupBy: "agentRole" }) },
  "usage.top": { access: "usage:read", input: (fx) => ({ ...org(fx), ...USAGE_RANGE }) },
  "usage.budgets": { access: "usage:read", input: org },
  "usage.calls": { access: "usage:read", input: (fx) => ({ ...org(fx), ...USAGE_RANGE, status: "failed" }) },
  "usage.exportCsv": { access: "usage:read", input: (fx) => ({ ...org(fx), ...USAGE_RANGE, kind: "calls" }) },
  "usage.rebuild": { access: "usage:read", input: org },
  "usage.project": { access: "projects:read", input: (fx) => ({ ...project(fx), ...USAGE_RANGE }) },
  "usage.projectCalls": { access: "projects:read", input: (fx) => ({ ...project(fx), ...USAGE_RANGE }) },
  "usage.projectExportCsv": { access: "projects:read", input: (fx) => ({ ...project(fx), ...USAGE_RANGE, kind: "series" }) },
  "trace.projectCall": { access: "projects:read", input: async (fx) => ({ ...project(fx), callId: await storedCall(fx) }) },
  "trace.orgCall": { access: "usage:read", input: async (fx) => ({ ...org(fx), callId: await storedCall(fx) }) },
  "budgets.list": { access: "budgets:read", input: org },
  "budgets.targets": { access: "budgets:read", input: org },
  "budgets.taskBudgets": { access: "budgets:read", input: org },
  // Each call budgets a project of its own (one budget per level, metric and period).
  "budgets.create": { access: "budgets:manage", input: async (fx) => ({ ...org(fx), scope: "project", scopeId: (await spareProject(fx)).id, metric: "usd", period: "day", limit: 5, policy: "ask" }) },
  "budgets.update": { access: "budgets:manage", input: async (fx) => ({ ...org(fx), budgetId: (await spareBudget(fx)).id, limit: 9, policy: "stop" }) },
  "budgets.delete": { access: "budgets:manage", input: async (fx) => ({ ...org(fx), budgetId: (await spareBudget(fx)).id }) },
  "budgets.setTimeZone": { access: "org:update", input: (fx) => ({ ...org(fx), timeZone: "Europe/Paris" }) },
  "budgets.setTaskBudget": { access: "budgets:manage", input: (fx) => ({ ...org(fx), projectId: fx.project.id, multiplier: 3, policy: "ask" }) },
  "budgets.planFit": { access: "projects:read", input: (fx) => ({ ...project(fx), tokens: 1000, costUsd: 0.5 }) },
  "budgets.answer": { access: "tasks:run", input: async (fx) => ({ ...project(fx), questionId: await budgetQuestion(fx), choice: "stop" }) },
  "budgets.raiseAndContinue": {
    access: "budgets:manage",
    input: async (fx) => {
      const questionId = await budgetQuestion(fx);
      await withStatus(fx, "running");
      return { ...project(fx), questionId, limit: 1_000_000 };
    },
  },
  "notifications.list": { access: "org:read", input: org },
  "notifications.unreadCount": { access: "org:read", input: org },
  "notifications.markRead": {
    access: "org:read",
    input: async (fx) => ({ ...org(fx), ids: [(await db.notification.create({ data: { orgId: fx.org.id, kind: "test", title: "Hello", body: "For everyone" } })).id] }),
  },
  "notifications.markAllRead": { access: "org:read", input: org },
  "models.catalog": { access: "models:read", input: org },
  "models.priceHistory": { access: "models:read", input: async (fx) => ({ ...org(fx), entryId: (await spareModel(fx)).id }) },
  "models.health": { access: "models:read", input: org },
  "models.fallbacks": { access: "models:read", input: org },
  "models.setFallbackTier": { access: "providers:manage", input: async (fx) => ({ ...org(fx), entryId: (await spareModel(fx)).id, tier: "fast" }) },
  // A local OpenAI-compatible server needs no key (so no master key), and port 9 refuses at once.
  "models.addProvider": { access: "providers:manage", input: (fx) => ({ ...org(fx), kind: "compatible", name: `Local ${uid()}`, baseUrl: "http://127.0.0.1:9/v1" }) },
  "models.updateProvider": { access: "providers:manage", input: async (fx) => ({ ...org(fx), credentialId: (await spareProvider(fx)).id, name: `Renamed ${uid()}` }) },
  "models.setProviderEnabled": { access: "providers:manage", input: async (fx) => ({ ...org(fx), credentialId: (await spareProvider(fx)).id, enabled: false }) },
  "models.removeProvider": { access: "providers:manage", input: async (fx) => ({ ...org(fx), credentialId: (await spareProvider(fx)).id }) },
  "models.testProvider": { access: "providers:manage", input: async (fx) => ({ ...org(fx), credentialId: (await spareProvider(fx)).id }) },
  "models.testDraft": { access: "providers:manage", input: (fx) => ({ ...org(fx), kind: "compatible", baseUrl: "http://127.0.0.1:9/v1" }) },
  "models.addModel": { access: "providers:manage", input: async (fx) => ({ ...org(fx), credentialId: (await spareProvider(fx)).id, modelId: "llama3.1" }) },
  "models.updateModel": { access: "providers:manage", input: async (fx) => ({ ...org(fx), entryId: (await spareModel(fx)).id, displayName: "Llama" }) },
  "models.setPrice": {
    access: "providers:manage",
    input: async (fx) => ({ ...org(fx), entryId: (await spareModel(fx)).id, inputPerMTok: 1, outputPerMTok: 2, cachedReadPerMTok: 0.1, cacheWritePerMTok: 1.25 }),
  },
  "models.removeModel": { access: "providers:manage", input: async (fx) => ({ ...org(fx), entryId: (await spareModel(fx)).id }) },
  "models.setTier": { access: "providers:manage", input: async (fx) => ({ ...org(fx), tier: "fast", entryId: (await spareModel(fx)).id }) },
};

const uid = () => Math.random().toString(36).slice(2, 10);
const spareProvider = (fx: OrgFixture) =>
  db.providerCredential.create({ data: { orgId: fx.org.id, kind: "compatible", name: `Local ${uid()}`, baseUrl: "http://127.0.0.1:9/v1" } });
const spareModel = async (fx: OrgFixture) => {
  const credential = await spareProvider(fx);
  return db.modelCatalogEntry.create({ data: { orgId: fx.org.id, source: credential.id, credentialId: credential.id, provider: "compatible", modelId: "llama3.1", displayName: "llama3.1" } });
};

const spareProject = (fx: OrgFixture) => db.project.create({ data: { orgId: fx.org.id, name: "Budgeted", goal: "Spend within limits" } });
const spareBudget = async (fx: OrgFixture) =>
  db.budget.create({ data: { orgId: fx.org.id, scope: "project", scopeId: (await spareProject(fx)).id, metric: "tokens", period: "total", limit: 1000, policy: "ask" } });

/** A run paused on a budget question (over the limit of a tokens budget on the fixture's project). */
async function budgetQuestion(fx: OrgFixture) {
  const t = await task(fx, "waiting_for_human");
  const run = await db.run.create({ data: { orgId: fx.org.id, projectId: fx.project.id, taskId: t.id, status: "waiting_for_human" } });
  const budget = await spareBudget(fx);
  const payload = { budgetId: budget.id, scope: "project", scopeId: budget.scopeId, metric: "tokens", period: "total", limit: 1000, spent: 1000, needed: 50, policy: "ask", tier: "standard", choices: ["raise", "cheaper", "stop"] };
  const q = await db.question.create({ data: { orgId: fx.org.id, projectId: fx.project.id, taskId: t.id, runId: run.id, kind: "budget", text: "Over budget", payload } });
  return q.id;
}

/** A key stored the way the service stores one (its secret recorded for the secrets scan); returns its id. */
async function storedKey(fx: OrgFixture, who: Caller | "target", opts: { scopes?: Permission[]; expiresAt?: Date; revokedAt?: Date } = {}) {
  const person = who === "anonymous" ? "owner" : who;
  const { secret, hash, prefix } = generateApiKey();
  recordSecret("secret", secret);
  const orgId = person === "outsider" ? fx.other.id : fx.org.id;
  const role = person === "outsider" || person === "target" ? (person === "outsider" ? "owner" : "viewer") : person;
  const key = await db.apiKey.create({
    data: { orgId, name: `${person} key`, secretHash: hash, prefix, scopes: opts.scopes ?? [...POLICY[role]], createdById: fx.people[person].user.id, expiresAt: opts.expiresAt, revokedAt: opts.revokedAt },
  });
  keySecrets.set(key.id, secret);
  return key.id;
}
const keySecrets = new Map<string, string>();

async function ownConversation(fx: OrgFixture, who: Caller) {
  const userId = who === "anonymous" ? fx.people.owner.user.id : fx.people[who].user.id;
  const c = await db.conversation.create({ data: { orgId: fx.org.id, userId, title: "Hi" } });
  return { ...org(fx), conversationId: c.id };
}

/** A README in the fixture project's workspace, for the editor to open. */
async function readme(fx: OrgFixture) {
  await writeFile(await ensureWorkspace(fx.project.id), "README.md", "# Stock prices\n");
  return "README.md";
}

function project(fx: OrgFixture) {
  return { projectId: fx.project.id };
}

/** A model call of the fixture's project, with its trace. */
async function storedCall(fx: OrgFixture) {
  const call = await db.llmCall.create({ data: { orgId: fx.org.id, projectId: fx.project.id, purpose: "agent-step", provider: "offline", model: "offline-demo", status: "ok" } });
  await db.llmCallTrace.create({ data: { llmCallId: call.id, orgId: fx.org.id, prompt: { system: "s", messages: [], tools: null }, promptChars: 40 } });
  return call.id;
}

async function withStatus(fx: OrgFixture, status: "running" | "paused") {
  await db.project.update({ where: { id: fx.project.id }, data: { status } });
  return project(fx);
}

/** A finished project with a change request waiting for approval (the fixture's one-task plan). */
async function pendingChange(fx: OrgFixture) {
  await db.project.update({ where: { id: fx.project.id }, data: { status: "completed" } });
  return db.changeRequest.create({ data: { orgId: fx.org.id, projectId: fx.project.id, request: "Add a chart", plan: SMALL_PLAN } });
}

async function task(fx: OrgFixture, status: "pending" | "failed" | "waiting_for_human") {
  await db.project.update({ where: { id: fx.project.id }, data: { status: status === "failed" ? "failed" : "running" } });
  return db.task.create({
    data: { orgId: fx.org.id, projectId: fx.project.id, key: `t-${Math.random().toString(36).slice(2, 8)}`, title: "A task", role: "backend", description: "Do the thing well", status },
  });
}

const CALLERS = ["anonymous", "outsider", ...ROLES] as const;
type Caller = (typeof CALLERS)[number];

function expected(access: Access, who: Caller, sample: Sample): string {
  const permitted = sample.permitted ?? "OK";
  if (access === "public") return permitted;
  if (who === "anonymous") return "UNAUTHORIZED";
  if (access === "authenticated") return permitted;
  if (who === "outsider") return "NOT_FOUND"; // another org's things are invisible, not forbidden
  return rolesWith(access as Permission).includes(who) ? permitted : "FORBIDDEN";
}

const KEY_CALLERS = ["key: owner's permissions", "key: scoped without it", "key: expired", "key: revoked"] as const;
type KeyCaller = (typeof KEY_CALLERS)[number];

function expectedForKey(proc: Proc, who: KeyCaller, sample: Sample): string {
  const permitted = sample.permitted ?? "OK";
  const access = sample.access;
  if (who === "key: expired" || who === "key: revoked") return "UNAUTHORIZED"; // refused before any procedure runs
  if (access === "public") return permitted;
  if (proc._def.meta?.personOnly) return "FORBIDDEN";
  if (access === "authenticated") return permitted;
  return who === "key: scoped without it" ? "FORBIDDEN" : permitted;
}

async function callWithKey(fx: OrgFixture, who: KeyCaller, sample: Sample, path: string) {
  const all = [...POLICY.owner];
  const keyId = await storedKey(fx, "owner", {
    scopes: who === "key: scoped without it" ? all.filter((p) => p !== sample.access) : all,
    ...(who === "key: expired" ? { expiresAt: new Date(Date.now() - 60_000) } : {}),
    ...(who === "key: revoked" ? { revokedAt: new Date() } : {}),
  });
  const input = await sample.input(fx, "owner"); // the key acts as the owner
  const [ns, name] = path.split(".") as [string, string];
  return outcome(async () => {
    const ctx = await createContext({ headers: new Headers({ authorization: `Bearer ${keySecrets.get(keyId)}` }) });
    const caller = createCaller(ctx) as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>;
    return caller[ns]![name]!(input);
  });
}

type Proc = { _def: { type: "query" | "mutation" | "subscription"; meta?: { access?: Access; personOnly?: true } } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Proc>);

async function call(fx: OrgFixture, who: Caller, path: string, input: unknown) {
  const principal = who === "anonymous" ? null : await fx.people[who].principal();
  const caller = (await callerAs(principal)) as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>;
  const [ns, name] = path.split(".") as [string, string];
  return outcome(() => caller[ns]![name]!(input));
}

describe("authorization matrix", () => {
  it("covers every procedure with an access rule and a sample", () => {
    expect(procedures.length).toBeGreaterThan(10);
    for (const [path, proc] of procedures) {
      expect(proc._def.meta?.access, `${path} has no access rule: build it with a procedure builder`).toBeDefined();
      expect(SAMPLES[path], `${path} has no entry in the authorization suite`).toBeDefined();
    }
    for (const path of Object.keys(SAMPLES)) expect(procedures.map(([p]) => p)).toContain(path);
  });

  for (const [path, proc] of procedures) {
    it(`${path} (${proc._def.meta?.access ?? "no rule"})`, async () => {
      const sample = SAMPLES[path];
      if (!sample) throw new Error(`${path} is not covered (see the first test)`);
      // The builder's rule must be the policy entry's: a procedure built with the wrong permission fails here.
      expect(proc._def.meta?.access).toBe(sample.access);
      const access = sample.access;
      const shared = proc._def.type === "query" ? await orgWithRoles() : null;
      const got: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const who of CALLERS) {
        // Mutations change state, so each caller gets a fresh org.
        const fx = shared ?? (await orgWithRoles());
        got[who] = await call(fx, who, path, await sample.input(fx, who));
        want[who] = expected(access, who, sample);
      }
      for (const who of KEY_CALLERS) {
        const fx = shared ?? (await orgWithRoles());
        got[who] = await callWithKey(fx, who, sample, path);
        want[who] = expectedForKey(proc, who, sample);
      }
      expect(got).toEqual(want);
    });
  }
});
