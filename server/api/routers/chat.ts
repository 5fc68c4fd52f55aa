import "server-only";
import { z } from "zod";
import { conversationMessages, listConversations } from "@/server/chat";
import { orgProcedure, router } from "../trpc";

export const chatRouter = router({
  conversations: orgProcedure("chat:use").query(({ ctx, input }) => listConversations(input.orgId, ctx.principal.userId)),
  messages: orgProcedure("chat:use")
    .input(z.object({ conversationId: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => conversationMessages(input.orgId, ctx.principal.userId, input.conversationId)),
});
