import "server-only";
import { z } from "zod";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { revokeUserConnections } from "@/server/events";
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "./password";
import { rateLimit } from "./rate-limit";

export const ChangePasswordInput = z.object({
  currentPassword: z.string().min(1, "Enter your current password").max(1024),
  newPassword: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `The new password needs at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(1024, "The new password can have at most 1024 characters"),
});

/**
 * Changes the caller's password and signs out every other session: whoever may have learnt the
 * old password loses the sessions they opened with it. The caller's own session stays.
 */
export async function changePassword(
  who: { userId: string; sessionId: string },
  input: z.infer<typeof ChangePasswordInput>,
): Promise<{ signedOut: number }> {
  // A stolen session must not be able to guess the current password at argon2 speed.
  await rateLimit(`password-change:${who.userId}`, env.AIOS_AUTH_RATE_LIMIT, 15 * 60);
  const user = await db.user.findUniqueOrThrow({ where: { id: who.userId }, select: { passwordHash: true } });
  if (!user.passwordHash) {
    throw new AppError("PRECONDITION_FAILED", "Your account signs in with GitHub or Google and has no password to change.");
  }
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("BAD_REQUEST", "Your current password is not correct.");
  }
  if (input.newPassword === input.currentPassword) {
    throw new AppError("BAD_REQUEST", "Choose a new password that is different from the current one.");
  }
  const passwordHash = await hashPassword(input.newPassword);
  const signedOut = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: who.userId }, data: { passwordHash } });
    const { count } = await tx.authSession.updateMany({
      where: { userId: who.userId, revokedAt: null, expiresAt: { gt: new Date() }, id: { not: who.sessionId } },
      data: { revokedAt: new Date() },
    });
    return count;
  });
  await revokeUserConnections(who.userId);
  return { signedOut };
}
