import "server-only";
import { db } from "@/server/db";
import { notFound } from "@/server/errors";
import { revokeUserConnections } from "@/server/events";

// A person's signed-in browsers (AuthSession rows). Revoking one takes effect on its next request
// (principal.ts re-reads the row every time) and drops the user's live sockets, which reconnect
// through the handshake only if their own session is still valid.

const live = () => ({ revokedAt: null, expiresAt: { gt: new Date() } });

export async function listSessions(userId: string, currentSessionId: string) {
  const rows = await db.authSession.findMany({
    where: { userId, ...live() },
    orderBy: [{ lastSeenAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
    take: 100,
  });
  return rows.map((s) => ({
    id: s.id,
    userAgent: s.userAgent,
    ip: s.ip,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt ?? s.createdAt,
    expiresAt: s.expiresAt,
    current: s.id === currentSessionId,
  }));
}

export async function revokeSession(userId: string, sessionId: string): Promise<void> {
  const { count } = await db.authSession.updateMany({ where: { id: sessionId, userId, ...live() }, data: { revokedAt: new Date() } });
  if (count === 0) throw notFound("Session");
  await revokeUserConnections(userId);
}

/** Signs a person out everywhere, except `keepSessionId` when given (their own browser). */
export async function revokeAllSessions(userId: string, keepSessionId?: string): Promise<number> {
  const { count } = await db.authSession.updateMany({
    where: { userId, ...live(), ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
    data: { revokedAt: new Date() },
  });
  await revokeUserConnections(userId);
  return count;
}
