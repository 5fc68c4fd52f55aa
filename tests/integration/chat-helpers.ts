import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { POST } from "@/app/api/chat/route";
import { authSecret } from "@/server/env";

// Calls the real chat route handler as a signed-in browser would, and reads its stream to the end.

export const chatId = () => randomBytes(12).toString("hex");
export const messageId = () => `m${randomBytes(8).toString("hex")}`;

export async function cookieFor(sessionId: string): Promise<string> {
  return `next-auth.session-token=${await encode({ token: { sid: sessionId }, secret: authSecret() })}`;
}

export type ChatReply = { status: number; error?: string; text: string; chunks: { type: string; [k: string]: unknown }[] };

/** POSTs a body to /api/chat; for a stream, collects every chunk until the stream ends. */
export async function postChat(sessionId: string | null, body: unknown): Promise<ChatReply> {
  const headers = new Headers({ "content-type": "application/json" });
  if (sessionId) headers.set("cookie", await cookieFor(sessionId));
  const res = await POST(new Request("http://localhost/api/chat", { method: "POST", headers, body: JSON.stringify(body) }));
  if (!(res.headers.get("content-type") ?? "").includes("text/event-stream")) {
    const json = (await res.json()) as { error?: string };
    return { status: res.status, error: json.error, text: "", chunks: [] };
  }
  const raw = await res.text();
  const chunks = raw
    .split("\n")
    .filter((l) => l.startsWith("data: ") && l !== "data: [DONE]")
    .map((l) => JSON.parse(l.slice(6)) as ChatReply["chunks"][number]);
  const text = chunks.flatMap((c) => (c.type === "text-delta" ? [c.delta as string] : [])).join("");
  const error = chunks.find((c) => c.type === "error")?.errorText as string | undefined;
  return { status: res.status, error, text, chunks };
}

/** A user message as the browser's chat sends it. */
export function say(orgId: string, conversationId: string, text: string, id = messageId()) {
  return { id: conversationId, orgId, messages: [{ id, role: "user", parts: [{ type: "text", text }] }] };
}
