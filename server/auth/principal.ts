import "server-only";
import { decode } from "next-auth/jwt";
import type { Role } from "@/lib/rbac";
import { db } from "@/server/db";
import { authSecret } from "@/server/env";

/**
 * Who is calling, resolved once per request from the database (so sign-out, expiry, a disabled
 * account or a changed role apply on the very next request). Procedures see only this shape:
 * an API key becomes another `kind` without touching them.
 */
export type Principal = {
  kind: "user";
  userId: string;
  email: string;
  name: string;
  sessionId: string;
  memberships: { orgId: string; orgName: string; orgSlug: string; role: Role }[];
};

const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

function parseCookies(header: string | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return out;
}

export function cookieFromHeader(header: string | null | undefined, name: string): string | null {
  return parseCookies(header).get(name) ?? null;
}

/** The NextAuth session token from a Cookie header (NextAuth splits large tokens into chunks). */
export function sessionTokenFromCookies(header: string | null | undefined): string | null {
  const cookies = parseCookies(header);
  for (const name of SESSION_COOKIES) {
    const whole = cookies.get(name);
    if (whole) return whole;
    const chunks: string[] = [];
    for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`)!);
    if (chunks.length) return chunks.join("");
  }
  return null;
}

const SEEN_EVERY_MS = 60_000;

/** "Last seen" for the sessions list, written at most once a minute per session (not per request). */
async function touchSession(id: string, lastSeenAt: Date | null): Promise<void> {
  const now = Date.now();
  if (lastSeenAt && now - lastSeenAt.getTime() < SEEN_EVERY_MS) return;
  await db.authSession
    .updateMany({ where: { id, OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: new Date(now - SEEN_EVERY_MS) } }] }, data: { lastSeenAt: new Date(now) } })
    .catch(() => undefined); // best effort: a missed "last seen" must never fail the request
}

export async function principalFromSessionId(sessionId: string): Promise<Principal | null> {
  const session = await db.authSession.findUnique({
    where: { id: sessionId },
    include: {
      user: {
        include: {
          memberships: { where: { status: "active" }, include: { org: true }, orderBy: { createdAt: "asc" } },
        },
      },
    },
  });
  if (!session || session.revokedAt || session.expiresAt <= new Date() || session.user.disabledAt) return null;
  await touchSession(session.id, session.lastSeenAt);
  const { user } = session;
  return {
    kind: "user",
    userId: user.id,
    email: user.email,
    name: user.name,
    sessionId: session.id,
    memberships: user.memberships.map((m) => ({
      orgId: m.orgId,
      orgName: m.org.name,
      orgSlug: m.org.slug,
      role: m.role,
    })),
  };
}

export async function principalFromCookieHeader(header: string | null | undefined): Promise<Principal | null> {
  const token = sessionTokenFromCookies(header);
  if (!token) return null;
  const jwt = await decode({ token, secret: authSecret() }).catch(() => null);
  const sid = jwt && typeof jwt.sid === "string" ? jwt.sid : null;
  return sid ? principalFromSessionId(sid) : null;
}

export function roleIn(principal: Principal | null, orgId: string): Role | null {
  return principal?.memberships.find((m) => m.orgId === orgId)?.role ?? null;
}
