import "server-only";
import type { LiveEvent } from "@/lib/events";
import { db } from "@/server/db";
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

/** Newest events of an org (its own stream and its projects'), for the activity feed. */
export async function recentOrgEvents(orgId: string, limit: number): Promise<LiveEvent[]> {
  const rows = await db.event.findMany({ where: { orgId }, orderBy: { createdAt: "desc" }, take: limit });
  return rows.map(toLiveEvent);
}
