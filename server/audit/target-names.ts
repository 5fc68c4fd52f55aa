import "server-only";
import { db } from "@/server/db";

// The audit log stores ids; people read names. Each page of rows costs one read per kind of target, and
// only within the org (a target from elsewhere, or one since deleted, keeps showing its id).

type Row = { targetType: string | null; targetId: string | null; actorId: string | null };

const clip = (s: string, max = 80) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export async function auditNames(orgId: string, rows: Row[]): Promise<{ targets: Map<string, string>; actors: Map<string, string> }> {
  const ids = (type: string) => [...new Set(rows.filter((r) => r.targetType === type && r.targetId).map((r) => r.targetId!))];
  const none = Promise.resolve([] as { id: string; name: string }[]);
  const pick = <T extends { id: string }>(list: T[], name: (x: T) => string) => list.map((x) => ({ id: x.id, name: name(x) }));
  const userIds = [...new Set([...rows.map((r) => r.actorId), ...ids("user")].filter((x): x is string => Boolean(x)))];
  const [projects, agents, keys, tasks, invites, questions, changes, users, orgs] = await Promise.all([
    ids("project").length ? db.project.findMany({ where: { orgId, id: { in: ids("project") } }, select: { id: true, name: true } }) : none,
    ids("agent").length ? db.agent.findMany({ where: { orgId, id: { in: ids("agent") } }, select: { id: true, name: true } }) : none,
    ids("apiKey").length ? db.apiKey.findMany({ where: { orgId, id: { in: ids("apiKey") } }, select: { id: true, name: true } }) : none,
    ids("task").length ? db.task.findMany({ where: { orgId, id: { in: ids("task") } }, select: { id: true, title: true } }).then((l) => pick(l, (t) => t.title)) : none,
    ids("invite").length ? db.invite.findMany({ where: { orgId, id: { in: ids("invite") } }, select: { id: true, email: true } }).then((l) => pick(l, (i) => i.email)) : none,
    ids("question").length ? db.question.findMany({ where: { orgId, id: { in: ids("question") } }, select: { id: true, text: true } }).then((l) => pick(l, (q) => clip(q.text))) : none,
    ids("change_request").length
      ? db.changeRequest.findMany({ where: { orgId, id: { in: ids("change_request") } }, select: { id: true, request: true } }).then((l) => pick(l, (c) => clip(c.request)))
      : none,
    userIds.length ? db.user.findMany({ where: { id: { in: userIds }, memberships: { some: { orgId } } }, select: { id: true, name: true } }) : none,
    ids("org").length ? db.org.findMany({ where: { id: orgId }, select: { id: true, name: true } }) : none,
  ]);
  const targets = new Map<string, string>();
  for (const x of [...projects, ...agents, ...keys, ...tasks, ...invites, ...questions, ...changes, ...users, ...orgs]) targets.set(x.id, x.name);
  return { targets, actors: new Map(users.map((u) => [u.id, u.name])) };
}
