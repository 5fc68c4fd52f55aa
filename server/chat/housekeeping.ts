import "server-only";
import { db } from "@/server/db";
import { AppError, notFound } from "@/server/errors";

// Conversations are private to their author within the org: every change is scoped by (org, user), so
// another person's (or another org's) conversation is "not found", never touched.
async function own(orgId: string, userId: string, conversationId: string) {
  const c = await db.conversation.findFirst({ where: { id: conversationId, orgId, userId }, select: { id: true, title: true, archivedAt: true, updatedAt: true } });
  if (!c) throw notFound("Conversation");
  return c;
}

export async function renameConversation(orgId: string, userId: string, conversationId: string, title: string) {
  const c = await own(orgId, userId, conversationId);
  // updatedAt stays: a rename does not move the conversation to the top of the list.
  await db.conversation.update({ where: { id: conversationId }, data: { title, updatedAt: c.updatedAt } });
  return { id: conversationId, title };
}

export async function setConversationArchived(orgId: string, userId: string, conversationId: string, archived: boolean) {
  const c = await own(orgId, userId, conversationId);
  if (archived === Boolean(c.archivedAt)) throw new AppError("CONFLICT", archived ? "That conversation is already archived." : "That conversation is not archived.");
  const archivedAt = archived ? new Date() : null;
  await db.conversation.update({ where: { id: conversationId }, data: { archivedAt, updatedAt: c.updatedAt } });
  return { id: conversationId, archivedAt };
}

/** Deletes the conversation and its messages (they cascade); projects started from it keep running. */
export async function deleteConversation(orgId: string, userId: string, conversationId: string) {
  const c = await own(orgId, userId, conversationId);
  await db.project.updateMany({ where: { orgId, conversationId }, data: { conversationId: null } });
  await db.changeRequest.updateMany({ where: { orgId, conversationId }, data: { conversationId: null } });
  await db.conversation.delete({ where: { id: conversationId } });
  return { id: conversationId, title: c.title };
}
