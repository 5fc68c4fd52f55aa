import "server-only";
import { db } from "@/server/db";
import type { GroupBy } from "./schema";

const NONE: Partial<Record<GroupBy, string>> = {
  project: "No project",
  user: "No person (system)",
  apiKey: "No API key (signed in)",
  agentRole: "No agent role",
};

/** Readable names for group keys (ids become names; "" says what is absent). */
export async function labelsFor(orgId: string, groupBy: GroupBy, keys: string[]): Promise<Map<string, string>> {
  const ids = keys.filter(Boolean);
  const labels = new Map<string, string>(keys.map((k) => [k, k || (NONE[groupBy] ?? "(none)")]));
  if (ids.length === 0) return labels;
  if (groupBy === "project") {
    for (const p of await db.project.findMany({ where: { orgId, id: { in: ids } }, select: { id: true, name: true } })) labels.set(p.id, p.name);
  } else if (groupBy === "user") {
    for (const u of await db.user.findMany({ where: { id: { in: ids }, memberships: { some: { orgId } } }, select: { id: true, name: true, email: true } }))
      labels.set(u.id, u.name || u.email);
  } else if (groupBy === "apiKey") {
    for (const k of await db.apiKey.findMany({ where: { orgId, id: { in: ids } }, select: { id: true, name: true, prefix: true } }))
      labels.set(k.id, `${k.name} (${k.prefix})`);
  }
  return labels;
}

export async function taskLabels(orgId: string, ids: string[]): Promise<Map<string, { title: string; key: string; projectId: string }>> {
  const rows = await db.task.findMany({ where: { orgId, id: { in: ids.filter(Boolean) } }, select: { id: true, title: true, key: true, projectId: true } });
  return new Map(rows.map((t) => [t.id, { title: t.title, key: t.key, projectId: t.projectId }]));
}
