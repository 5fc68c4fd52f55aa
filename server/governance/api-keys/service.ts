import "server-only";
import { z } from "zod";
import { PERMISSIONS, POLICY, type Permission } from "@/lib/rbac";
import { authorizeProject, permissionsIn, rateLimit, roleIn, type Principal } from "@/server/auth";
import { db, type Prisma } from "@/server/db";
import { env } from "@/server/env";
import { AppError, notFound } from "@/server/errors";
import { announceApiKeyChange } from "./bus";
import { generateApiKey } from "./secret";

// Creating, listing, rotating and revoking API keys. The secret exists only in the value `create` and
// `rotate` return (shown once); rows hold its HMAC. Every change is announced (bus.ts) so every process
// drops its cached lookup and re-checks live sockets of the key.

export const CREATES_PER_HOUR = 20;
export const MAX_OVERLAP_HOURS = 24 * 7;

export const CreateApiKeyInput = z.object({
  name: z.string().trim().min(1, "Name: give the key a name").max(100, "Name: at most 100 characters"),
  scopes: z.array(z.enum(PERMISSIONS)).min(1, "Scopes: choose at least one permission").max(64),
  projectId: z.string().min(1).max(64).nullish(),
  expiresAt: z.date().nullish(),
});
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInput>;

export const RotateApiKeyInput = z.object({
  keyId: z.string().min(1).max(64),
  overlapHours: z.number().min(0, "Overlap: 0 hours or more").max(MAX_OVERLAP_HOURS, `Overlap: at most ${MAX_OVERLAP_HOURS} hours (7 days)`).default(24),
});

export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  scopes: Permission[];
  projectId: string | null;
  projectName: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  rotatedAt: Date | null;
  previousExpiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  createdAt: Date;
  createdBy: { id: string; name: string; email: string };
  status: "active" | "expired" | "revoked";
};

const VIEW_SELECT = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  projectId: true,
  expiresAt: true,
  revokedAt: true,
  rotatedAt: true,
  previousExpiresAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  createdAt: true,
  createdBy: { select: { id: true, name: true, email: true } },
} as const;

type ViewRow = Prisma.ApiKeyGetPayload<{ select: typeof VIEW_SELECT }>;

async function views(rows: ViewRow[]): Promise<ApiKeyView[]> {
  const ids = [...new Set(rows.map((r) => r.projectId).filter((id): id is string => Boolean(id)))];
  const projects = ids.length ? await db.project.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
  const names = new Map(projects.map((p) => [p.id, p.name]));
  const now = new Date();
  return rows.map(({ previousExpiresAt, ...r }) => ({
    ...r,
    scopes: r.scopes as Permission[],
    projectName: r.projectId ? (names.get(r.projectId) ?? null) : null,
    previousExpiresAt: previousExpiresAt && previousExpiresAt > now && !r.revokedAt ? previousExpiresAt : null,
    status: r.revokedAt ? "revoked" : r.expiresAt && r.expiresAt <= now ? "expired" : "active",
  }));
}

async function viewOf(id: string): Promise<ApiKeyView> {
  return (await views([await db.apiKey.findUniqueOrThrow({ where: { id }, select: VIEW_SELECT })]))[0]!;
}

/** The caller's own keys in the org (for a key caller: its creator's). */
export async function listOwnApiKeys(principal: Principal, orgId: string): Promise<ApiKeyView[]> {
  return views(await db.apiKey.findMany({ where: { orgId, createdById: principal.userId }, orderBy: { createdAt: "desc" }, take: 200, select: VIEW_SELECT }));
}

export async function listOrgApiKeys(orgId: string): Promise<ApiKeyView[]> {
  return views(await db.apiKey.findMany({ where: { orgId }, orderBy: { createdAt: "desc" }, take: 500, select: VIEW_SELECT }));
}

export async function createApiKey(principal: Principal, orgId: string, input: CreateApiKeyInput): Promise<{ key: ApiKeyView; secret: string }> {
  await rateLimit(`api-keys:create:${principal.userId}`, CREATES_PER_HOUR, 3600);
  // Never more than the caller holds now (a key creating a key: never more than that key either).
  const held = permissionsIn(principal, orgId);
  const scopes = [...new Set(input.scopes)];
  for (const scope of scopes) {
    if (held.has(scope)) continue;
    const role = roleIn(principal, orgId);
    const why = role && POLICY[role].has(scope) ? "the API key you are using does not have it" : `your role (${role}) does not have it`;
    throw new AppError("BAD_REQUEST", `Scopes: you cannot give a key ${scope}: ${why}.`);
  }
  const projectId = input.projectId ?? null;
  if (projectId) {
    const scope = await authorizeProject(principal, projectId, "projects:read").catch(() => null);
    if (!scope || scope.orgId !== orgId) throw new AppError("BAD_REQUEST", "Project: there is no such project in this organisation that you can read.");
  }
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw new AppError("BAD_REQUEST", "Expiry: choose a time in the future, or no expiry.");

  // One creation at a time per org, so two racing creations cannot both slip under the cap.
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`aios:api-keys:${orgId}`}))`;
  const now = new Date();
  const active = await db.apiKey.count({ where: { orgId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } });
  if (active >= env.AIOS_MAX_API_KEYS_PER_ORG) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `This organisation already has ${active} active API keys, the most allowed (AIOS_MAX_API_KEYS_PER_ORG = ${env.AIOS_MAX_API_KEYS_PER_ORG}). Revoke keys that are no longer used first.`,
    );
  }
  const { secret, hash, prefix } = generateApiKey();
  const row = await db.apiKey.create({
    data: { orgId, name: input.name, secretHash: hash, prefix, scopes, projectId, expiresAt: input.expiresAt ?? null, createdById: principal.userId },
    select: { id: true },
  });
  await announceApiKeyChange(row.id);
  return { key: await viewOf(row.id), secret };
}

/**
 * A new secret for one of the caller's own keys (same id, scopes, project). The old secret keeps
 * working for `overlapHours` (0: refused at once); a secret from an earlier rotation stops now.
 * Only one's own keys: rotating someone else's would hand the caller a secret acting as them.
 */
export async function rotateApiKey(principal: Principal, orgId: string, input: z.output<typeof RotateApiKeyInput>): Promise<{ key: ApiKeyView; secret: string }> {
  const key = await db.apiKey.findFirst({ where: { id: input.keyId, orgId, createdById: principal.userId } });
  if (!key) throw notFound("API key");
  const now = new Date();
  if (key.revokedAt) throw new AppError("PRECONDITION_FAILED", "This API key is revoked, so it cannot be rotated. Create a new key.");
  if (key.expiresAt && key.expiresAt <= now) throw new AppError("PRECONDITION_FAILED", "This API key has expired, so it cannot be rotated. Create a new key.");
  const { secret, hash, prefix } = generateApiKey();
  const { count } = await db.apiKey.updateMany({
    where: { id: key.id, secretHash: key.secretHash, revokedAt: null },
    data: {
      secretHash: hash,
      prefix,
      // Kept even with no overlap (it ends now): a client still using it is told it was rotated, not "unknown".
      previousHash: key.secretHash,
      previousExpiresAt: new Date(now.getTime() + input.overlapHours * 3600_000),
      rotatedAt: now,
    },
  });
  if (count === 0) throw new AppError("CONFLICT", "This API key changed while it was being rotated. Reload and try again.");
  await announceApiKeyChange(key.id);
  return { key: await viewOf(key.id), secret };
}

/** Revokes a key of the org: the caller's own, or (`anyones`, for keys:manage) anyone's. */
export async function revokeApiKey(principal: Principal, orgId: string, keyId: string, anyones: boolean): Promise<{ key: ApiKeyView }> {
  const key = await db.apiKey.findFirst({ where: { id: keyId, orgId, ...(anyones ? {} : { createdById: principal.userId }) }, select: { id: true, revokedAt: true } });
  if (!key) throw notFound("API key");
  if (key.revokedAt) throw new AppError("PRECONDITION_FAILED", "This API key is already revoked.");
  await db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date(), revokedById: principal.userId } });
  await announceApiKeyChange(key.id);
  return { key: await viewOf(key.id) };
}
