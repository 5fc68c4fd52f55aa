import "server-only";
import { decode } from "next-auth/jwt";
import type { Permission, Role } from "@/lib/rbac";
import { db } from "@/server/db";
import { authSecret } from "@/server/env";
import { AppError } from "@/server/errors";
import { resolveApiKey, resolveApiKeyHash, type ResolvedApiKey } from "@/server/governance/api-keys/lookup";

/**
 * Who is calling, resolved once per request from the database (so sign-out, expiry, a disabled
 * account or a changed role apply on the very next request). Procedures see only this shape: a
 * person signed in with a session, or an API key acting as the person who created it.
 */
export type Membership = { orgId: string; orgName: string; orgSlug: string; role: Role };

export type UserPrincipal = {
  kind: "user";
  userId: string;
  email: string;
  name: string;
  sessionId: string;
  memberships: Membership[];
};

/**
 * An API key: its creator (userId, email, name) with the creator's CURRENT membership in the key's org
 * only, so a role change, disable or removal of the creator applies at once. authorize.ts lets it do
 * what that role AND the key's scopes both allow, and only inside `key.projectId` when that is set.
 */
export type ApiKeyPrincipal = {
  kind: "apiKey";
  userId: string;
  email: string;
  name: string;
  memberships: Membership[];
  key: { id: string; name: string; scopes: Permission[]; projectId: string | null; hash: string; validUntil: Date | null };
};

export type Principal = UserPrincipal | ApiKeyPrincipal;

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

export async function principalFromSessionId(sessionId: string): Promise<UserPrincipal | null> {
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

export async function principalFromCookieHeader(header: string | null | undefined): Promise<UserPrincipal | null> {
  const token = sessionTokenFromCookies(header);
  if (!token) return null;
  const jwt = await decode({ token, secret: authSecret() }).catch(() => null);
  const sid = jwt && typeof jwt.sid === "string" ? jwt.sid : null;
  return sid ? principalFromSessionId(sid) : null;
}

export function roleIn(principal: Principal | null, orgId: string): Role | null {
  return principal?.memberships.find((m) => m.orgId === orgId)?.role ?? null;
}

function keyPrincipal(r: ResolvedApiKey): ApiKeyPrincipal {
  return {
    kind: "apiKey",
    userId: r.user.id,
    email: r.user.email,
    name: r.user.name,
    memberships: [r.membership],
    key: { id: r.key.id, name: r.key.name, scopes: r.key.scopes, projectId: r.key.projectId, hash: r.hash, validUntil: r.validUntil },
  };
}

/** An API key secret → its principal; refuses (401 with the reason) a key that may not act. */
export async function principalFromApiKey(secret: string, ip: string | null = null): Promise<ApiKeyPrincipal> {
  return keyPrincipal(await resolveApiKey(secret, ip));
}

/** Re-reads a key principal by its stored hash (a live socket re-checking itself). */
export async function principalFromApiKeyHash(hash: string, ip: string | null = null): Promise<ApiKeyPrincipal> {
  return keyPrincipal(await resolveApiKeyHash(hash, ip));
}

type HeaderSource = { get(name: string): string | null };

/**
 * The caller of an HTTP request (tRPC, route handlers) or a Socket.IO handshake. `Authorization: Bearer …`
 * wins and must be a valid AIOS API key: a bad one is refused (401), never silently replaced by the
 * cookie. Other schemes (e.g. Basic from a proxy in front of AIOS) are not ours and are ignored.
 * Returns null when there is no credential at all.
 */
export async function principalFromRequest(headers: HeaderSource, ip?: string | null): Promise<Principal | null> {
  const token = bearerToken(headers.get("authorization"));
  if (token !== null) return principalFromApiKey(token, ip ?? headers.get("x-aios-client-ip"));
  return principalFromCookieHeader(headers.get("cookie"));
}

/** The token of a Bearer Authorization header; null for no header or another scheme; refuses an empty one. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header || !/^\s*bearer\b/i.test(header)) return null;
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new AppError("UNAUTHORIZED", "The Authorization header must be \"Bearer aios_sk_…\" with one AIOS API key.");
  return m[1]!;
}
