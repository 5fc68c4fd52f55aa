// "After each mutation case the audit log agrees with what changed": a snapshot of everything a
// fixture's orgs and people own, taken before and after a call, compared with the audit rows the call wrote.
import { db } from "@/server/db";
import type { OrgFixture } from "../integration/fixtures";

// Rows that belong to a fixture's orgs (the two it made and any its people joined or created), hashed per
// table in one round trip so that every mutation case can afford a before and an after.
// lastSeenAt/lastLoginAt move on every request (session bookkeeping): not a change a mutation makes.
const ORG_TABLES = ["Invite", "Project", "ChangeRequest", "Task", "Agent", "Run", "Question", "Event", "Conversation", "LlmCall", "Artifact"];
const hashOf = (table: string, where: string, drop = "") =>
  `SELECT '${table}' AS t, md5(coalesce(string_agg((to_jsonb(x)${drop})::text, ',' ORDER BY to_jsonb(x)::text), '')) AS h FROM "${table}" x WHERE ${where}`;
const SNAPSHOT_SQL = `
WITH people AS (SELECT unnest($1::text[]) AS id),
orgs AS (SELECT "orgId" AS id FROM "Membership" WHERE "userId" IN (SELECT id FROM people) UNION SELECT unnest($2::text[])),
users AS (SELECT id FROM people UNION SELECT "userId" FROM "Membership" WHERE "orgId" IN (SELECT id FROM orgs))
${[
  hashOf("Org", "x.id IN (SELECT id FROM orgs)"),
  hashOf("Membership", `x."orgId" IN (SELECT id FROM orgs) OR x."userId" IN (SELECT id FROM users)`),
  hashOf("User", "x.id IN (SELECT id FROM users)", " - 'lastLoginAt'"),
  hashOf("AuthSession", `x."userId" IN (SELECT id FROM users)`, " - 'lastSeenAt'"),
  hashOf("ChatMessage", `x."orgId" IN (SELECT id FROM orgs)`),
  ...ORG_TABLES.map((t) => hashOf(t, `x."orgId" IN (SELECT id FROM orgs)`)),
].join("\nUNION ALL ")}`;

/** Everything the fixture's orgs and people own, as one hash per table. */
export async function snapshot(fx: OrgFixture): Promise<Record<string, string>> {
  const userIds = Object.values(fx.people).map((p) => p.user.id);
  const rows = await db.$queryRawUnsafe<{ t: string; h: string }[]>(SNAPSHOT_SQL, userIds, [fx.org.id, fx.other.id]);
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(after).filter((k) => before[k] !== after[k]);
}

export async function auditIds(action: string): Promise<Set<string>> {
  return new Set((await db.auditLog.findMany({ where: { action }, select: { id: true } })).map((r) => r.id));
}

const MAX_DETAIL = 16 * 1024; // "a bounded, redacted summary": well under what a hostile input can carry

/**
 * The audit rows a mutation call wrote must agree with its answer and with what changed:
 * a 2xx has exactly one row, outcome success; a refusal changed nothing and has no success row;
 * no row is written into an org the caller does not belong to; rows stay small.
 */
export async function auditProblems(opts: {
  action: string;
  status: number;
  before: Set<string>;
  changed: string[];
  /** Orgs the caller belongs to (rows into any other org are a leak into someone else's log). */
  callerOrgs: string[];
  /** A batch: how many of its `calls` succeeded (each success has its row; each refusal at most one). */
  batch?: { calls: number; succeeded: number };
}): Promise<string[]> {
  const rows = await db.auditLog.findMany({ where: { action: opts.action, id: { notIn: [...opts.before] } } });
  const problems: string[] = [];
  const success = rows.filter((r) => r.outcome === "success");
  const outcomes = rows.map((r) => r.outcome).join(", ") || "none";
  if (opts.batch) {
    const { calls, succeeded } = opts.batch;
    if (success.length !== succeeded) problems.push(`${succeeded} of ${calls} batched calls succeeded but ${success.length} success audit rows were written (${outcomes})`);
    if (rows.length > calls) problems.push(`${calls} batched calls wrote ${rows.length} audit rows`);
    if (opts.changed.length && succeeded === 0) problems.push(`no batched call succeeded but ${opts.changed.join(", ")} changed (a partial change)`);
  } else if (opts.status < 400) {
    if (rows.length !== 1 || success.length !== 1) problems.push(`answered ${opts.status} but wrote ${rows.length} audit rows (${outcomes}), want exactly one success row`);
  } else {
    if (opts.changed.length) problems.push(`answered ${opts.status} but changed ${opts.changed.join(", ")} (a partial change)`);
    if (success.length) problems.push(`answered ${opts.status} but wrote a success audit row`);
    if (rows.length > 1) problems.push(`answered ${opts.status} and wrote ${rows.length} audit rows`);
  }
  if (opts.changed.length && success.length === 0) problems.push(`changed ${opts.changed.join(", ")} without a success audit row`);
  for (const r of rows) {
    // The actor may have joined by this very call (accepting an invite): then the org is theirs.
    const joined = r.orgId && r.actorId ? await db.membership.count({ where: { orgId: r.orgId, userId: r.actorId } }) : 0;
    if (r.orgId && !opts.callerOrgs.includes(r.orgId) && !joined) problems.push(`wrote a ${r.outcome} audit row into an org the caller is not a member of`);
    const size = JSON.stringify(r.detail ?? null).length;
    if (size > MAX_DETAIL) problems.push(`wrote a ${size}-byte audit detail (more than ${MAX_DETAIL})`);
  }
  return problems;
}
