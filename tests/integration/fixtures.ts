import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import type { Role } from "@/lib/rbac";
import { contextFor, createCaller } from "@/server/api";
import { principalFromSessionId, type Principal } from "@/server/auth";
import { db } from "@/server/db";
import { authSecret } from "@/server/env";
import { recordSecret } from "../helpers/secret-registry";

const uid = () => randomBytes(5).toString("hex");

/** A user with a live server-side session, resolved the way a request would resolve it. */
export async function signedInUser(opts: { name?: string; email?: string; passwordHash?: string } = {}) {
  const user = await db.user.create({
    data: {
      email: opts.email ?? `user-${uid()}@example.test`,
      name: opts.name ?? `User ${uid()}`,
      passwordHash: opts.passwordHash ?? null,
    },
  });
  const session = await db.authSession.create({ data: { userId: user.id, expiresAt: new Date(Date.now() + 3600_000) } });
  return { user, sessionId: session.id, principal: () => principalFromSessionId(session.id) as Promise<Principal> };
}

/**
 * Every password the test suites type (the secrets scan looks for each in logs, events and audit rows
 * after the run): add a new one here rather than inventing it inline.
 */
export const TEST_PASSWORDS = [
  "a long enough password",
  "a long new password",
  "another long password",
  "correct horse battery staple",
  "linus's long password",
  "long enough password",
  "member password 12345",
  "rate limit owner pw",
  "super secret passphrase",
  "wrong but long password",
  "fuzz owner password 7f3a",
] as const;

/** The NextAuth session cookie a browser would carry for this session (recorded for the secrets scan). */
export async function sessionCookie(sessionId: string): Promise<string> {
  const token = await encode({ token: { sid: sessionId }, secret: authSecret() });
  recordSecret("session token", token);
  return `next-auth.session-token=${token}`;
}

/** A proposed (draft) plan with one task, as the planner would have priced it. */
export const SMALL_PLAN = {
  name: "Stock prices",
  goal: "Show stock prices",
  summary: "A page that shows stock prices.",
  tasks: [
    {
      key: "page",
      title: "Build the page",
      role: "frontend",
      description: "A page listing a few stock prices.",
      acceptanceCriteria: ["Shows at least three symbols"],
      dependsOn: [],
      estimate: { tokens: 1000, minutes: 2 },
      tier: "standard",
      model: "Offline demo model",
      costUsd: 0,
    },
  ],
  totals: { tokens: 1000, costUsd: 0, minutes: 2 },
  offlineModel: true,
};

export type OrgFixture = Awaited<ReturnType<typeof orgWithRoles>>;

/** An org with one signed-in user per role, a spare viewer to act on, a project, and an outsider from another org. */
export async function orgWithRoles() {
  const org = await db.org.create({ data: { name: `Org ${uid()}`, slug: `org-${uid()}` } });
  const other = await db.org.create({ data: { name: `Other ${uid()}`, slug: `other-${uid()}` } });
  const people = {} as Record<Role | "target" | "outsider", Awaited<ReturnType<typeof signedInUser>>>;
  for (const role of ["owner", "admin", "member", "viewer"] as const) {
    people[role] = await signedInUser({ name: `${role} ${uid()}` });
    await db.membership.create({ data: { orgId: org.id, userId: people[role].user.id, role } });
  }
  people.target = await signedInUser({ name: `target ${uid()}` });
  await db.membership.create({ data: { orgId: org.id, userId: people.target.user.id, role: "viewer" } });
  people.outsider = await signedInUser({ name: `outsider ${uid()}` });
  await db.membership.create({ data: { orgId: other.id, userId: people.outsider.user.id, role: "owner" } });
  const project = await db.project.create({ data: { orgId: org.id, name: "Stock prices", goal: "Show stock prices", plan: SMALL_PLAN } });
  return { org, other, people, project };
}

/** A caller as seen from `ip` (each caller its own address by default, so rate limits stay per test). */
export async function callerAs(principal: Principal | null, ip = `127.${randomBytes(3).join(".")}`) {
  return createCaller(contextFor(principal, ip));
}

/** The tRPC error code a call failed with, or "OK". */
export async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return "OK";
  } catch (err) {
    return (err as { code?: string }).code ?? `THREW ${(err as Error).message}`;
  }
}

/**
 * Files share one database in the native-Postgres suite: runs queued by earlier files (the
 * authorization matrix approves plans) would be picked up by this file's workers. Start clean.
 */
export async function withoutOtherFilesRuns(): Promise<void> {
  const { getBoss } = await import("@/server/queue");
  await (await getBoss()).deleteQueuedJobs("run.execute");
  await db.run.updateMany({ where: { status: { in: ["queued", "running"] } }, data: { status: "cancelled", finishedAt: new Date() } });
}
