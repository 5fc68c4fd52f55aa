import "server-only";
import { z } from "zod";
import { db } from "@/server/db";
import { createOrg, OrgName } from "@/server/orgs";
import { protectedProcedure, router } from "../trpc";

export const meRouter = router({
  get: protectedProcedure.query(async ({ ctx }) => {
    const user = await db.user.findUniqueOrThrow({
      where: { id: ctx.principal.userId },
      select: { id: true, name: true, email: true, image: true },
    });
    return { user, memberships: ctx.principal.memberships };
  }),
});

export const orgsRouter = router({
  create: protectedProcedure.input(z.object({ name: OrgName })).mutation(async ({ ctx, input }) => {
    const result = await createOrg(ctx.principal.userId, input.name);
    Object.assign(ctx.audit, { orgId: result.orgId, targetType: "org", targetId: result.orgId });
    return result;
  }),
});
