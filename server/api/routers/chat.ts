import "server-only";
import { z } from "zod";
import { ConversationTitle } from "@/lib/names";
import { conversationMessages, deleteConversation, listConversations, renameConversation, setConversationArchived } from "@/server/chat";
import { orgProcedure, router } from "../trpc";

const Id = z.string().min(1).max(64);

export const chatRouter = router({
  conversations: orgProcedure("chat:use")
    .input(z.object({ archived: z.boolean().optional() }))
    .query(({ ctx, input }) => listConversations(input.orgId, ctx.principal.userId, input)),
  messages: orgProcedure("chat:use")
    .input(z.object({ conversationId: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => conversationMessages(input.orgId, ctx.principal.userId, input.conversationId)),
  // Housekeeping of one's own conversations (audited like every mutation).
  rename: orgProcedure("chat:use")
    .input(z.object({ conversationId: Id, title: ConversationTitle }))
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "conversation", targetId: input.conversationId });
      return renameConversation(input.orgId, ctx.principal.userId, input.conversationId, input.title);
    }),
  archive: orgProcedure("chat:use")
    .input(z.object({ conversationId: Id, archived: z.boolean() }))
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "conversation", targetId: input.conversationId });
      return setConversationArchived(input.orgId, ctx.principal.userId, input.conversationId, input.archived);
    }),
  delete: orgProcedure("chat:use")
    .input(z.object({ conversationId: Id }))
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "conversation", targetId: input.conversationId });
      return deleteConversation(input.orgId, ctx.principal.userId, input.conversationId);
    }),
});
