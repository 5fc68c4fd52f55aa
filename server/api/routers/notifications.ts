import "server-only";
import { z } from "zod";
import { INBOX_LIMIT, listNotifications, markRead, unreadCount } from "@/server/governance/notifications";
import { orgProcedure, router } from "../trpc";

// The caller's own in-app notifications in one org: theirs, and those for a permission their role holds.
export const notificationsRouter = router({
  list: orgProcedure("org:read")
    .input(z.object({ unreadOnly: z.boolean().optional(), limit: z.number().int().min(1).max(INBOX_LIMIT).optional() }))
    .query(({ ctx, input }) => listNotifications(input.orgId, ctx.principal.userId, ctx.org.role, input)),
  unreadCount: orgProcedure("org:read").query(({ ctx, input }) => unreadCount(input.orgId, ctx.principal.userId, ctx.org.role)),
  markRead: orgProcedure("org:read")
    .input(z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(100) }))
    .mutation(async ({ ctx, input }) => ({ marked: await markRead(input.orgId, ctx.principal.userId, ctx.org.role, input.ids) })),
  markAllRead: orgProcedure("org:read").mutation(async ({ ctx, input }) => ({ marked: await markRead(input.orgId, ctx.principal.userId, ctx.org.role) })),
});
