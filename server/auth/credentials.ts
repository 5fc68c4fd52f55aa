import "server-only";
import { z } from "zod";
import { writeAudit } from "@/server/audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { deviceCookieAfterSignIn, knownSource } from "./known-source";
import { verifyPassword } from "./password";
import { admitSignIn, signInSucceeded } from "./sign-in-limits";
import { refusalMessage } from "./sign-in-policy";

const Credentials = z.object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(1024) });

export type PasswordSignIn = {
  credentials: unknown;
  ip: string | null;
  userAgent: string | null;
  /** The `aios-device` cookie the browser sent, if any. */
  deviceCookie: string | null;
};

export type SignedIn = {
  user: { id: string; email: string; name: string };
  /** The new `aios-device` cookie value: this browser is now a known source for the account. */
  deviceCookie: string;
};

/**
 * Email + password sign-in. Returns null for wrong credentials (the page says so without telling
 * which part was wrong); throws an AppError with a sentence when throttled or disabled.
 */
export async function signInWithPassword(req: PasswordSignIn): Promise<SignedIn | null> {
  const parsed = Credentials.safeParse(req.credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const ip = req.ip ?? "unknown";

  const user = await db.user.findUnique({ where: { email } });
  const { known, device } = user ? await knownSource(user.id, req.ip, req.deviceCookie) : { known: false, device: null };
  const attempt = { email, ip, source: device ? `device:${device}` : ip, known };
  const admitted = await admitSignIn(attempt);
  if (!admitted.ok) {
    await writeAudit({ actorId: user?.id, actorEmail: email, action: "auth.sign_in", outcome: "denied", ip: req.ip, detail: { reason: "rate_limited", limit: admitted.reason, known } });
    throw new AppError("TOO_MANY_REQUESTS", refusalMessage(admitted));
  }

  // Verified even when the account does not exist, so timing does not reveal which emails have one.
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok || user.disabledAt) {
    const reason = !user ? "unknown_email" : user.disabledAt && ok ? "disabled" : "bad_password";
    await writeAudit({ actorId: user?.id, actorEmail: email, action: "auth.sign_in", outcome: "failure", ip: req.ip, detail: { reason, known } });
    if (user?.disabledAt && ok) throw new AppError("FORBIDDEN", "This account is disabled. Ask an administrator.");
    return null;
  }
  await signInSucceeded(attempt);
  return { user: { id: user.id, email: user.email, name: user.name }, deviceCookie: deviceCookieAfterSignIn(user.id, req.deviceCookie) };
}
