import "server-only";
import { z } from "zod";
import { ChangePasswordInput, changePassword, listSessions, revokeAllSessions, revokeSession } from "@/server/auth/account";
import { db } from "@/server/db";
import { createOrg, OrgName } from "@/server/orgs";
import { protectedProcedure, router } from "../trpc";

// The caller's own account: profile, password, signed-in sessions.
export const meRouter = router({
  get: protectedProcedure.query(async ({ ctx }) => {
    const user = await db.user.findUniqueOrThrow({
      where: { id: ctx.principal.userId },
      select: { id: true, name: true, email: true, image: true, passwordHash: true },
    });
    const { passwordHash, ...rest } = user;
    return { user: { ...rest, hasPassword: Boolean(passwordHash) }, memberships: ctx.principal.memberships };
  }),

  changePassword: protectedProcedure.input(ChangePasswordInput).mutation(async ({ ctx, input }) => {
    Object.assign(ctx.audit, { targetType: "user", targetId: ctx.principal.userId });
    return changePassword(ctx.principal, input);
  }),

  sessions: protectedProcedure.query(({ ctx }) => listSessions(ctx.principal.userId, ctx.principal.sessionId)),

  revokeSession: protectedProcedure
    .input(z.object({ sessionId: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "session", targetId: input.sessionId });
      await revokeSession(ctx.principal.userId, input.sessionId);
    }),

  /** "Sign out everywhere else": every session but the caller's own. */
  revokeOtherSessions: protectedProcedure.mutation(async ({ ctx }) => {
    Object.assign(ctx.audit, { targetType: "user", targetId: ctx.principal.userId });
    return { signedOut: await revokeAllSessions(ctx.principal.userId, ctx.principal.sessionId) };
  }),
});

export const orgsRouter = router({
  create: protectedProcedure.input(z.object({ name: OrgName })).mutation(async ({ ctx, input }) => {
    const result = await createOrg(ctx.principal.userId, input.name);
    Object.assign(ctx.audit, { orgId: result.orgId, targetType: "org", targetId: result.orgId });
    return result;
  }),
});
