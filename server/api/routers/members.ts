import "server-only";
import { z } from "zod";
import { ROLES } from "@/lib/rbac";
import { rateLimit } from "@/server/auth";
import { env } from "@/server/env";
import {
  AcceptInput,
  acceptInvite,
  createInvite,
  describeInvite,
  InviteInput,
  linkBase,
  listMembers,
  listPendingInvites,
  removeMember,
  revokeInvite,
  setMemberRole,
  setMemberStatus,
  signOutMember,
} from "@/server/members";
import { orgProcedure, publicProcedure, router } from "../trpc";

const UserRef = z.object({ userId: z.string().min(1).max(64) });

export const membersRouter = router({
  list: orgProcedure("members:read").query(({ input }) => listMembers(input.orgId)),
  invites: orgProcedure("members:read").query(({ input }) => listPendingInvites(input.orgId)),

  invite: orgProcedure("members:invite")
    .input(InviteInput)
    .mutation(async ({ ctx, input }) => {
      const actor = { userId: ctx.principal.userId, name: ctx.principal.name, role: ctx.org.role };
      const result = await createInvite(actor, input.orgId, { email: input.email, role: input.role }, linkBase(ctx.headers));
      Object.assign(ctx.audit, { targetType: "invite", targetId: result.inviteId });
      return result;
    }),

  revokeInvite: orgProcedure("members:invite")
    .input(z.object({ inviteId: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "invite", targetId: input.inviteId });
      await revokeInvite(input.orgId, input.inviteId);
    }),

  setRole: orgProcedure("members:manage")
    .input(UserRef.extend({ role: z.enum(ROLES) }))
    .mutation(async ({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "user", targetId: input.userId });
      const actor = { userId: ctx.principal.userId, name: ctx.principal.name, role: ctx.org.role };
      await setMemberRole(actor, input.orgId, input.userId, input.role);
    }),

  setStatus: orgProcedure("members:manage")
    .input(UserRef.extend({ status: z.enum(["active", "disabled"]) }))
    .mutation(async ({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "user", targetId: input.userId });
      const actor = { userId: ctx.principal.userId, name: ctx.principal.name, role: ctx.org.role };
      await setMemberStatus(actor, input.orgId, input.userId, input.status);
    }),

  /** Ends every session of the member (audited by the middleware like every mutation). */
  signOutEverywhere: orgProcedure("members:manage")
    .input(UserRef)
    .mutation(async ({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "user", targetId: input.userId });
      const actor = { userId: ctx.principal.userId, name: ctx.principal.name, role: ctx.org.role };
      return signOutMember(actor, input.orgId, input.userId);
    }),

  remove: orgProcedure("members:manage")
    .input(UserRef)
    .mutation(async ({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "user", targetId: input.userId });
      const actor = { userId: ctx.principal.userId, name: ctx.principal.name, role: ctx.org.role };
      await removeMember(actor, input.orgId, input.userId);
    }),
});

const Token = z.object({ token: z.string().min(20).max(200) });

export const invitesRouter = router({
  get: publicProcedure.input(Token).query(({ input }) => describeInvite(input.token)),
  accept: publicProcedure.input(AcceptInput).mutation(async ({ ctx, input }) => {
    await rateLimit(`invite:ip:${ctx.ip ?? "unknown"}`, env.AIOS_AUTH_RATE_LIMIT, 300);
    const result = await acceptInvite(input);
    Object.assign(ctx.audit, {
      orgId: result.orgId,
      actor: { id: result.userId, email: result.email },
      targetType: "user",
      targetId: result.userId,
    });
    return { email: result.email, orgId: result.orgId };
  }),
});
