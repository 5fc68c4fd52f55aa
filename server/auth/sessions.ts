import "server-only";
import { writeAudit } from "@/server/audit";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { notFound } from "@/server/errors";
import { revokeUserConnections } from "@/server/events";

// A person's signed-in browsers (AuthSession rows). Revoking one takes effect on its next request
// (principal.ts re-reads the row every time) and drops the user's live sockets, which reconnect
// through the handshake only if their own session is still valid.

export type SessionOwner = { id: string; email?: string | null; ip?: string | null; userAgent?: string | null };

/** The server-side record behind a sign-in (its id goes into the JWT); its IP makes the source known. */
export async function startSession(user: SessionOwner, method: string): Promise<string> {
  const session = await db.authSession.create({
    data: {
      userId: user.id,
      expiresAt: new Date(Date.now() + env.AIOS_SESSION_MAX_AGE_HOURS * 3600_000),
      ip: user.ip ?? null,
      userAgent: user.userAgent ?? null,
    },
  });
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  await writeAudit({ actorId: user.id, actorEmail: user.email, action: "auth.sign_in", outcome: "success", ip: user.ip, detail: { method } });
  return session.id;
}

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
