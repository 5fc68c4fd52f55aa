import "server-only";
import { POLICY } from "@/lib/rbac";
import { recordAudit } from "@/server/audit";
import { db, withTransactionScope } from "@/server/db";
import { env, type Env } from "@/server/env";
import { AppError } from "@/server/errors";
import { logger } from "@/server/observability/logger";
import { createFirstOwner, SetupInput } from "@/server/orgs";
import { hashApiKey, maskApiKey } from "./api-keys/secret";

// Headless initialisation (for automation and clusters): the first owner, org and an operator-chosen
// API key from AIOS_INIT_* variables, created once while the database has no user. env.ts has already
// refused weak or malformed values, naming the variable.

export type InitOwnerConfig = {
  email: string;
  password: string;
  name?: string;
  orgName?: string;
  /** A full aios_sk_… secret chosen by the operator; stored only as its hash. */
  apiKey?: string;
};

export type InitOwnerResult =
  | { created: true; userId: string; orgId: string; apiKeyId: string | null }
  | { created: false; reason: "users exist" };

export const INIT_KEY_NAME = "Initial key (AIOS_INIT_API_KEY)";

export function initConfigFromEnv(e: Env = env): InitOwnerConfig | null {
  if (!e.AIOS_INIT_OWNER_EMAIL || !e.AIOS_INIT_OWNER_PASSWORD) return null;
  return {
    email: e.AIOS_INIT_OWNER_EMAIL,
    password: e.AIOS_INIT_OWNER_PASSWORD,
    name: e.AIOS_INIT_OWNER_NAME,
    orgName: e.AIOS_INIT_ORG_NAME,
    apiKey: e.AIOS_INIT_API_KEY,
  };
}

/**
 * Creates the owner, org, default agents and key in one transaction, or nothing. createFirstOwner's
 * advisory lock and user count decide the race between processes starting at once: the loser sees
 * the winner's user and changes nothing.
 */
export async function initOwner(config: InitOwnerConfig): Promise<InitOwnerResult> {
  if ((await db.user.count()) > 0) return { created: false, reason: "users exist" };
  // The setup page's own rules and normalisation (lower-cased email, trimmed names).
  const input = SetupInput.parse({
    email: config.email,
    password: config.password,
    name: config.name ?? config.email.split("@")[0],
    orgName: config.orgName ?? "My organisation",
  });
  try {
    return await withTransactionScope(async () => {
      const { userId, orgId } = await createFirstOwner(input);
      const key = config.apiKey
        ? await db.apiKey.create({
            data: {
              orgId,
              name: INIT_KEY_NAME,
              secretHash: hashApiKey(config.apiKey),
              prefix: maskApiKey(config.apiKey),
              scopes: [...POLICY.owner],
              createdById: userId,
            },
            select: { id: true, prefix: true },
          })
        : null;
      await recordAudit({
        orgId,
        actorId: userId,
        actorEmail: input.email,
        action: "init.owner",
        targetType: "user",
        targetId: userId,
        outcome: "success",
        detail: { source: "AIOS_INIT_* environment", orgName: input.orgName, initialKeyId: key?.id ?? null, initialKeyPrefix: key?.prefix ?? null },
      });
      return { created: true as const, userId, orgId, apiKeyId: key?.id ?? null };
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "PRECONDITION_FAILED") return { created: false, reason: "users exist" };
    throw error;
  }
}

/** Start-up step (web processes, after migrations): runs the init when configured; logs what it did. */
export async function runHeadlessInit(e: Env = env): Promise<void> {
  const config = initConfigFromEnv(e);
  if (!config) return;
  const result = await initOwner(config);
  if (result.created) {
    logger.info({ userId: result.userId, orgId: result.orgId, initialKeyId: result.apiKeyId }, "headless init: owner and organisation created from AIOS_INIT_*");
  } else {
    logger.info("headless init: the database already has users, so the AIOS_INIT_* variables are ignored");
  }
}
