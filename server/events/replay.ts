import "server-only";
import type { LiveEvent } from "@/lib/events";
import { PEOPLE_EVENT_TYPES, PEOPLE_TASK_STATUSES } from "@/lib/activity";
import { db, type Prisma } from "@/server/db";
import { toLiveEvent } from "./record";

export const REPLAY_LIMIT = 1000;

/** Events of one stream after `afterSeq`, oldest first: what a reconnecting client missed. */
export async function eventsSince(stream: string, afterSeq: number, limit = REPLAY_LIMIT): Promise<LiveEvent[]> {
  const rows = await db.event.findMany({
    where: { stream, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit,
  });
  return rows.map(toLiveEvent);
}

/**
 * Newest events of an org (its own stream and its projects'). `people`: only what the activity feed shows
 * (lib/activity.ts), each with its project's name, so agent steps cannot crowd out what a person cares about.
 */
export async function recentOrgEvents(orgId: string, limit: number, opts: { people?: boolean } = {}): Promise<(LiveEvent & { projectName?: string | null })[]> {
  const where: Prisma.EventWhereInput = opts.people
    ? {
        orgId,
        OR: [
          { type: { in: [...PEOPLE_EVENT_TYPES] } },
          ...PEOPLE_TASK_STATUSES.map((status) => ({ type: "task.status", payload: { path: ["status"], equals: status } })),
        ],
      }
    : { orgId };
  const rows = await db.event.findMany({ where, orderBy: { createdAt: "desc" }, take: limit });
  if (!opts.people) return rows.map(toLiveEvent);
  const ids = [...new Set(rows.map((r) => r.projectId).filter((id): id is string => Boolean(id)))];
  const projects = ids.length ? await db.project.findMany({ where: { orgId, id: { in: ids } }, select: { id: true, name: true } }) : [];
  const names = new Map(projects.map((p) => [p.id, p.name]));
  return rows.map((r) => ({ ...toLiveEvent(r), projectName: r.projectId ? (names.get(r.projectId) ?? null) : null }));
}
