import "server-only";
import type { ModelMessage } from "ai";
import type { AiosChatMessage } from "@/lib/chat";
import { db, type Prisma } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { partsAsText, usableMessage } from "./stored-parts";

export { parseChatRequest, MAX_MESSAGE_CHARS, type ChatRequest } from "./message-input";
export { chatTurnErrors } from "./turn-errors";
export { renameConversation, setConversationArchived, deleteConversation } from "./housekeeping";

const TITLE_CHARS = 80;
/** How much of the conversation the model reads: the newest messages, each clipped. */
const HISTORY_MESSAGES = 40;
const HISTORY_CHARS = 8000;

/** Archived conversations are listed only when asked for (and then only they). */
export async function listConversations(orgId: string, userId: string, opts: { archived?: boolean } = {}) {
  return db.conversation.findMany({
    where: { orgId, userId, archivedAt: opts.archived ? { not: null } : null },
    orderBy: { updatedAt: "desc" },
    take: 50,
    select: { id: true, title: true, updatedAt: true, projectId: true, archivedAt: true },
  });
}

/** A person's conversation (conversations are private to their author within the org). */
export async function conversationMessages(orgId: string, userId: string, conversationId: string): Promise<AiosChatMessage[]> {
  const c = await db.conversation.findFirst({ where: { id: conversationId, orgId, userId } });
  if (!c) throw notFound("Conversation");
  const rows = await db.chatMessage.findMany({ where: { conversationId }, orderBy: { createdAt: "asc" } });
  return rows.flatMap((m) => usableMessage(m) ?? []);
}

/** Finds the conversation or starts it (the browser chooses the id of a new chat). */
export async function openConversation(orgId: string, userId: string, conversationId: string, firstText: string) {
  const existing = await db.conversation.findUnique({ where: { id: conversationId } });
  if (existing) {
    if (existing.orgId !== orgId || existing.userId !== userId) throw notFound("Conversation");
    return existing;
  }
  return db.conversation.create({ data: { id: conversationId, orgId, userId, title: firstText.slice(0, TITLE_CHARS) || "New chat" } });
}

type Conversation = { id: string; orgId: string };
type NewMessage = Pick<AiosChatMessage, "id" | "role" | "parts">;

/**
 * Stores a message of this conversation. Rows are keyed by (conversationId, id), so the id a browser
 * chose can only ever name a message of the caller's own conversation. Sending the same user message
 * again (a retry) rewrites it; an id that belongs to an answer of this conversation is refused.
 */
export async function saveMessage(conversation: Conversation, message: NewMessage): Promise<void> {
  const key = { conversationId_id: { conversationId: conversation.id, id: message.id } };
  const parts = message.parts as Prisma.InputJsonValue;
  await db.$transaction(async (tx) => {
    const existing = await tx.chatMessage.findUnique({ where: key, select: { role: true } });
    if (existing && existing.role !== message.role) {
      throw new AppError("CONFLICT", "That message id is already used by another message in this conversation. Reload the chat and send it again.");
    }
    if (existing) await tx.chatMessage.update({ where: key, data: { parts } });
    else await tx.chatMessage.create({ data: { id: message.id, orgId: conversation.orgId, conversationId: conversation.id, role: message.role, parts } });
    await tx.conversation.update({ where: { id: conversation.id }, data: { updatedAt: new Date() } });
  });
}

/**
 * The stored conversation as model input: the newest messages, text only (plan cards summarised in a
 * line). Parts this version cannot read are skipped rather than failing the turn.
 */
export async function modelHistory(conversationId: string): Promise<ModelMessage[]> {
  const rows = await db.chatMessage.findMany({ where: { conversationId }, orderBy: { createdAt: "desc" }, take: HISTORY_MESSAGES });
  return rows.reverse().flatMap((row): ModelMessage[] => {
    const m = usableMessage(row);
    if (!m || m.role === "system") return [];
    const text = partsAsText(m.parts, HISTORY_CHARS);
    if (!text) return [];
    return m.role === "assistant" ? [{ role: "assistant", content: text }] : [{ role: "user", content: text }];
  });
}
