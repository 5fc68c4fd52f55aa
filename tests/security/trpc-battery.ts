// The tRPC half of the battery: every procedure of the app router, reached over HTTP with a session
// cookie (or none), each answer judged (verdict.ts) and each mutation checked against the audit log
// (audit-agreement.ts). The two test files feed it generated inputs and hand-made hostile ones.
import { createHash } from "node:crypto";
import superjson from "superjson";
import type { z } from "zod";
import { appRouter } from "@/server/api";
import { ensureDefaultAgents } from "@/server/agents/registry";
import { db } from "@/server/db";
import { createInvite } from "@/server/members";
import { hashPassword } from "@/server/auth";
import { orgWithRoles, sessionCookie, SMALL_PLAN, TEST_PASSWORDS, type OrgFixture } from "../integration/fixtures";
import { recordSecret } from "../helpers/secret-registry";
import { auditIds, auditProblems, changedTables, snapshot } from "./audit-agreement";
import { clientAddress, type Target } from "./http-target";
import { judge, type Tally } from "./verdict";

export type Procedure = { path: string; type: "query" | "mutation"; inputs: z.ZodType[] };

export function procedures(): Procedure[] {
  type Def = { _def: { type: "query" | "mutation"; inputs: z.ZodType[] } };
  return Object.entries(appRouter._def.procedures as unknown as Record<string, Def>).map(([path, p]) => ({ path, type: p._def.type, inputs: p._def.inputs }));
}

const OWNER_PASSWORD = TEST_PASSWORDS.at(-1)!;
let hashed: Promise<string> | null = null;
const ownerPasswordHash = () => (hashed ??= hashPassword(OWNER_PASSWORD)); // argon2 once per file, not per fixture

export type Caller = "owner" | "member" | "viewer" | "outsider" | "anonymous";

/** An org with every kind of thing a procedure can name by id, and cookies for three callers. */
export async function richFixture() {
  const fx = await orgWithRoles();
  await ensureDefaultAgents(fx.org.id);
  const agent = await db.agent.findFirstOrThrow({ where: { orgId: fx.org.id } });
  // Not "page": approving the fixture's plan creates that task.
  const task = await db.task.create({
    data: { orgId: fx.org.id, projectId: fx.project.id, key: "fixture-task", title: "A task", role: "backend", description: "Do the thing well", status: "failed" },
  });
  const question = await db.question.create({ data: { orgId: fx.org.id, projectId: fx.project.id, taskId: task.id, text: "Which colour?" } });
  const conversation = await db.conversation.create({ data: { orgId: fx.org.id, userId: fx.people.owner.user.id, title: "Hi" } });
  const change = await db.changeRequest.create({ data: { orgId: fx.org.id, projectId: fx.project.id, request: "Add a chart", plan: SMALL_PLAN } });
  const owner = fx.people.owner;
  // The owner has a password (to change) and a second session (to revoke without losing the cookie).
  await db.user.update({ where: { id: owner.user.id }, data: { passwordHash: await ownerPasswordHash() } });
  const spare = await db.authSession.create({ data: { userId: owner.user.id, expiresAt: new Date(Date.now() + 3600_000) } });
  const { url } = await createInvite({ userId: owner.user.id, name: owner.user.name, role: "owner" }, fx.org.id, {
    email: `invitee-${task.id}@example.test`,
    role: "member",
  });
  const token = url.split("/invite/")[1]!;
  recordSecret("invite token", token);
  const invite = await db.invite.findUniqueOrThrow({ where: { tokenHash: createHash("sha256").update(token).digest("hex") } });
  const cookies: Record<Caller, string | null> = {
    owner: await sessionCookie(owner.sessionId),
    member: await sessionCookie(fx.people.member.sessionId),
    viewer: await sessionCookie(fx.people.viewer.sessionId),
    outsider: await sessionCookie(fx.people.outsider.sessionId),
    anonymous: null,
  };
  const pools: Record<string, unknown[]> = {
    orgId: [fx.org.id],
    projectId: [fx.project.id],
    userId: [fx.people.target.user.id, fx.people.member.user.id, fx.people.admin.user.id, owner.user.id],
    actorId: [owner.user.id],
    taskId: [task.id],
    questionId: [question.id],
    agentId: [agent.id],
    conversationId: [conversation.id],
    inviteId: [invite.id],
    changeId: [change.id],
    sessionId: [spare.id],
    currentPassword: [OWNER_PASSWORD],
    plan: [SMALL_PLAN],
    token: [token],
    sha: ["abc1234", "HEAD"],
  };
  return { fx, cookies, pools: (key: string) => pools[key] ?? [] };
}
export type RichFixture = Awaited<ReturnType<typeof richFixture>>;

export async function callerOrgs(fx: OrgFixture, who: Caller): Promise<string[]> {
  if (who === "anonymous") return [];
  const userId = fx.people[who].user.id;
  return (await db.membership.findMany({ where: { userId }, select: { orgId: true } })).map((m) => m.orgId);
}

/** The body a tRPC client would send; hand-built when superjson refuses the value (a `__proto__` key). */
export function serialize(input: unknown): string | undefined {
  if (input === undefined) return undefined;
  try {
    return JSON.stringify(superjson.serialize(input));
  } catch {
    return JSON.stringify({ json: input });
  }
}

let sequence = 0;

/**
 * Sends one case and judges it. `body` is the superjson envelope as JSON text (for a query it goes in
 * the query string, as the tRPC client sends it). Problems land in the tally as findings.
 */
export async function runCase(opts: {
  target: Target;
  tally: Tally;
  rich: RichFixture;
  proc: Procedure;
  who: Caller;
  body: string | undefined;
  label: string;
  contentType?: string;
}): Promise<number> {
  const { target, tally, rich, proc, who, body } = opts;
  const mutation = proc.type === "mutation";
  const [before, ids, orgs] = await Promise.all([snapshot(rich.fx), mutation ? auditIds(proc.path) : null, mutation ? callerOrgs(rich.fx, who) : []]);

  const headers: Record<string, string> = { origin: target.origin, "x-forwarded-for": clientAddress(++sequence) };
  const cookie = rich.cookies[who];
  if (cookie) headers.cookie = cookie;
  let url = `${target.url}/api/trpc/${proc.path}`;
  const init: RequestInit = { method: mutation ? "POST" : "GET", headers, signal: AbortSignal.timeout(30_000) };
  if (mutation) {
    headers["content-type"] = opts.contentType ?? "application/json";
    init.body = body ?? "";
  } else if (body !== undefined) {
    url += `?input=${encodeURIComponent(body)}`;
  }
  const where = proc.path;
  const input = `${opts.label} as ${who}: ${body ?? "(no input)"}`;
  const started = performance.now();
  let status: number;
  let text: string;
  let type: string;
  try {
    const res = await fetch(url, init);
    status = res.status;
    type = res.headers.get("content-type") ?? "";
    text = await res.text();
  } catch (err) {
    const cause = String((err as { cause?: unknown }).cause ?? "");
    // A request line over Node's header limit (16 KiB) is answered 431 and the socket closed at once;
    // a client still writing it may see the reset before the answer. That is the refusal, not a crash.
    if (!mutation && url.length > 16 * 1024 && /ECONNRESET|EPIPE|other side closed/.test(cause)) {
      tally.count(where, 431, performance.now() - started);
      return 431;
    }
    tally.count(where, 599, performance.now() - started);
    tally.find(where, input, `no answer: ${(err as Error).message} (${cause})`);
    return 599;
  }
  tally.count(where, status, performance.now() - started);
  for (const problem of judge(status, text, type)) tally.find(where, input, problem);

  const changed = changedTables(before, await snapshot(rich.fx));
  if (mutation) {
    for (const problem of await auditProblems({ action: proc.path, status, before: ids!, changed, callerOrgs: orgs })) tally.find(where, input, problem);
  } else if (changed.length) {
    // A GET is not origin-checked (browsers send it cross-site with the cookie): it must never write.
    tally.find(where, input, `a query changed ${changed.join(", ")}`);
  }
  return status;
}
