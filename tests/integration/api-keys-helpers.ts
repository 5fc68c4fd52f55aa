import { POLICY, type Permission } from "@/lib/rbac";
import { createCaller, createContext } from "@/server/api";
import type { Principal } from "@/server/auth";
import { recordSecret } from "../helpers/secret-registry";
import { callerAs } from "./fixtures";

// API keys in tests: every secret issued is registered for the secrets scan, and a key is used the
// way a client uses it (an Authorization header through createContext), never as a hand-made principal.

export function ownerScopes(): Permission[] {
  return [...POLICY.owner];
}

/** A tRPC caller authenticated with `Authorization: Bearer <secret>` (createContext refuses bad keys). */
export async function keyCaller(secret: string, ip = "127.0.0.9") {
  return createCaller(await createContext({ headers: new Headers({ authorization: `Bearer ${secret}`, "x-aios-client-ip": ip }) }));
}

/** Creates a key through the router as `principal` and registers its secret. */
export async function issueKey(
  principal: Principal,
  orgId: string,
  opts: { scopes?: Permission[]; projectId?: string | null; expiresAt?: Date | null; name?: string } = {},
) {
  const caller = await callerAs(principal);
  const created = await caller.apiKeys.create({
    orgId,
    name: opts.name ?? "ci key",
    scopes: opts.scopes ?? [...POLICY[principal.memberships.find((m) => m.orgId === orgId)!.role]],
    projectId: opts.projectId ?? null,
    expiresAt: opts.expiresAt ?? null,
  });
  recordSecret("secret", created.secret);
  return created;
}

/** The error a call failed with (code and message), or "OK". */
export async function failure(call: () => Promise<unknown>): Promise<{ code: string; message: string } | "OK"> {
  try {
    await call();
    return "OK";
  } catch (err) {
    return { code: (err as { code?: string }).code ?? "THREW", message: (err as Error).message };
  }
}
