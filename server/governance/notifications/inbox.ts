import "server-only";
import { POLICY, type Role } from "@/lib/rbac";
import { db, type Prisma } from "@/server/db";

export const INBOX_LIMIT = 50;

/** The notifications a person may see in one org: their own, and those for a permission their role holds. */
function visibleTo(orgId: string, userId: string, role: Role): Prisma.NotificationWhereInput {
  return {
    orgId,
    OR: [{ userId }, { userId: null, permission: { in: [...POLICY[role]] } }, { userId: null, permission: null }],
  };
}

export async function listNotifications(orgId: string, userId: string, role: Role, opts: { unreadOnly?: boolean; limit?: number } = {}) {
  const where: Prisma.NotificationWhereInput = { ...visibleTo(orgId, userId, role), ...(opts.unreadOnly ? { reads: { none: { userId } } } : {}) };
  const [rows, unread] = await Promise.all([
    db.notification.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: Math.min(opts.limit ?? INBOX_LIMIT, INBOX_LIMIT),
      select: { id: true, kind: true, severity: true, title: true, body: true, link: true, createdAt: true, reads: { where: { userId }, select: { readAt: true } } },
    }),
    unreadCount(orgId, userId, role),
  ]);
  return {
    unread,
    items: rows.map(({ reads, ...n }) => ({ ...n, readAt: reads[0]?.readAt ?? null })),
  };
}

export function unreadCount(orgId: string, userId: string, role: Role): Promise<number> {
  return db.notification.count({ where: { ...visibleTo(orgId, userId, role), reads: { none: { userId } } } });
}

/** Marks some (or, without ids, all) of the caller's visible notifications read; ids they cannot see are ignored. */
export async function markRead(orgId: string, userId: string, role: Role, ids?: string[]): Promise<number> {
  const unread = await db.notification.findMany({
    where: { ...visibleTo(orgId, userId, role), reads: { none: { userId } }, ...(ids ? { id: { in: ids } } : {}) },
    select: { id: true },
    take: 5000,
  });
  if (unread.length === 0) return 0;
  const { count } = await db.notificationRead.createMany({ data: unread.map((n) => ({ notificationId: n.id, userId })), skipDuplicates: true });
  return count;
}
