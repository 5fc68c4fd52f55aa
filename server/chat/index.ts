import "server-only";
import type { ModelMessage } from "ai";
import type { AiosChatMessage } from "@/lib/chat";
import { db, type Prisma } from "@/server/db";
import { notFound } from "@/server/errors";

const TITLE_CHARS = 80;

export async function listConversations(orgId: string, userId: string) {
  return db.conversation.findMany({
    where: { orgId, userId },
    orderBy: { updatedAt: "desc" },
    take: 50,
    select: { id: true, title: true, updatedAt: true, projectId: true },
  });
}

/** A person's conversation (conversations are private to their author within the org). */
export async function conversationMessages(orgId: string, userId: string, conversationId: string): Promise<AiosChatMessage[]> {
  const c = await db.conversation.findFirst({ where: { id: conversationId, orgId, userId } });
  if (!c) throw notFound("Conversation");
  const rows = await db.chatMessage.findMany({ where: { conversationId }, orderBy: { createdAt: "asc" } });
  return rows.map((m) => ({ id: m.id, role: m.role as AiosChatMessage["role"], parts: m.parts as AiosChatMessage["parts"] }));
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

export async function saveMessage(orgId: string, conversationId: string, message: Pick<AiosChatMessage, "id" | "role" | "parts">) {
  await db.chatMessage.upsert({
    where: { id: message.id },
    create: { id: message.id, orgId, conversationId, role: message.role, parts: message.parts as Prisma.InputJsonValue },
    update: { parts: message.parts as Prisma.InputJsonValue },
  });
  await db.conversation.update({ where: { id: conversationId }, data: { updatedAt: new Date() } });
}

/** The stored conversation as model input: text only (plan cards are summarised as text). */
export async function modelHistory(conversationId: string): Promise<ModelMessage[]> {
  const rows = await db.chatMessage.findMany({ where: { conversationId }, orderBy: { createdAt: "asc" }, take: 40 });
  return rows.flatMap((m): ModelMessage[] => {
    const parts = m.parts as AiosChatMessage["parts"];
    const text = parts
      .map((p) => (p.type === "text" ? p.text : p.type === "data-plan" ? `[Proposed plan: ${p.data.plan.name}, project ${p.data.projectId}]` : ""))
      .filter(Boolean)
      .join("\n");
    if (!text) return [];
    return m.role === "assistant" ? [{ role: "assistant", content: text }] : [{ role: "user", content: text }];
  });
}
