import "server-only";
import type { Permission, Role } from "@/lib/rbac";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { ensureApiKeyListener, onApiKeyChanged } from "./bus";
import { KeyCache, type CachedKey } from "./cache";
import { hashApiKey, isApiKeyFormat, sameHash } from "./secret";

// Bearer secret → the key, its creator and the creator's CURRENT membership in the key's org.
// Cost per request: one statement on a cache hit (the state check below, joined), two on a miss.

export type ResolvedApiKey = {
  key: CachedKey;
  hash: string;
  user: { id: string; email: string; name: string };
  membership: { orgId: string; orgName: string; orgSlug: string; role: Role };
  /** When this secret stops working by itself (the key's expiry, or the end of a rotation overlap). */
  validUntil: Date | null;
};

const g = globalThis as { __aiosApiKeyCache?: KeyCache };
const cache = (g.__aiosApiKeyCache ??= (() => {
  const c = new KeyCache();
  onApiKeyChanged((keyId) => (keyId === "*" ? c.clear() : c.invalidateKey(keyId)));
  return c;
})());

/** For tests and the benchmark (cached vs uncached). */
export function apiKeyCache(): KeyCache {
  return cache;
}

const refuse = (message: string) => new AppError("UNAUTHORIZED", message);
const USED_EVERY_MS = 60_000;

/** Resolves a bearer secret; refuses (401, with the reason) anything that may not act. */
export async function resolveApiKey(secret: string, ip: string | null): Promise<ResolvedApiKey> {
  if (!isApiKeyFormat(secret)) {
    throw refuse("That bearer token is not an AIOS API key (they look like aios_sk_ followed by 43 characters). Check that you copied the whole key.");
  }
  return resolveApiKeyHash(hashApiKey(secret), ip);
}

/** The same for a stored hash (a live socket re-checks its key this way without keeping the secret). */
export async function resolveApiKeyHash(hash: string, ip: string | null): Promise<ResolvedApiKey> {
  ensureApiKeyListener();
  const key = await cachedKey(hash);
  if (!key) throw refuse("This API key is not recognised: it may have been deleted, or it was copied incompletely.");

  // Everything that can change is read now, in one query: revoked, rotated away, expired, and the
  // creator's account and role. So none of it is ever served from the cache.
  const now = new Date();
  const row = await keyState(key);
  if (!row) {
    cache.invalidateKey(key.id);
    throw refuse("This API key is not recognised: it may have been deleted, or it was copied incompletely.");
  }
  if (row.revokedAt) throw refuse("This API key was revoked. Create a new key.");
  let validUntil = row.expiresAt;
  if (!sameHash(row.secretHash, hash)) {
    const inOverlap = row.previousHash !== null && sameHash(row.previousHash, hash) && row.previousExpiresAt !== null && row.previousExpiresAt > now;
    if (!inOverlap) {
      cache.invalidateKey(key.id);
      throw refuse("This API key was rotated and this secret no longer works. Use the new secret.");
    }
    if (!validUntil || row.previousExpiresAt! < validUntil) validUntil = row.previousExpiresAt;
  }
  if (row.expiresAt && row.expiresAt <= now) throw refuse(`This API key expired on ${row.expiresAt.toISOString()}. Create a new key.`);
  if (row.disabledAt) throw refuse("The account that created this API key is disabled, so the key no longer works.");
  if (row.role === null || row.status !== "active") {
    throw refuse("The person who created this API key is no longer an active member of its organisation, so the key no longer works.");
  }
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= USED_EVERY_MS) await touch(key.id, now, ip);
  return {
    key,
    hash,
    user: { id: key.createdById, email: row.email, name: row.userName },
    membership: { orgId: key.orgId, orgName: row.orgName, orgSlug: row.orgSlug, role: row.role },
    validUntil,
  };
}

type KeyState = {
  secretHash: string;
  previousHash: string | null;
  previousExpiresAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  orgName: string;
  orgSlug: string;
  email: string;
  userName: string;
  disabledAt: Date | null;
  /** The creator's membership in the key's org (null: none any more). */
  role: Role | null;
  status: string | null;
};

/** The key's changeable state, its org and its creator's account and membership: one statement (joins, not four reads). */
async function keyState(key: CachedKey): Promise<KeyState | null> {
  const [row] = await db.$queryRaw<KeyState[]>`
    SELECT k."secretHash", k."previousHash", k."previousExpiresAt", k."expiresAt", k."revokedAt", k."lastUsedAt",
      o."name" AS "orgName", o."slug" AS "orgSlug", u."email", u."name" AS "userName", u."disabledAt",
      m."role"::text AS "role", m."status"::text AS "status"
    FROM "ApiKey" k
      JOIN "Org" o ON o."id" = k."orgId"
      JOIN "User" u ON u."id" = k."createdById"
      LEFT JOIN "Membership" m ON m."userId" = k."createdById" AND m."orgId" = k."orgId"
    WHERE k."id" = ${key.id}`;
  return row ?? null;
}

async function cachedKey(hash: string): Promise<CachedKey | null> {
  const hit = cache.get(hash);
  if (hit !== undefined) return hit;
  const row = await db.apiKey.findFirst({
    where: { OR: [{ secretHash: hash }, { previousHash: hash }] },
    select: { id: true, orgId: true, name: true, scopes: true, projectId: true, createdById: true },
  });
  const value = row ? { ...row, scopes: row.scopes as Permission[] } : null;
  cache.set(hash, value);
  return value;
}

/** "Last used" for the keys list, written at most once a minute per key (not per request). */
async function touch(id: string, now: Date, ip: string | null): Promise<void> {
  const before = new Date(now.getTime() - USED_EVERY_MS);
  await db.apiKey
    .updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: before } }] }, data: { lastUsedAt: now, lastUsedIp: ip } })
    .catch(() => undefined); // best effort: a missed "last used" must never fail the request
}
