import { createUIMessageStream, createUIMessageStreamResponse, generateId } from "ai";
import { z } from "zod";
import type { AiosChatMessage } from "@/lib/chat";
import { authorizeOrg, principalFromCookieHeader } from "@/server/auth";
import { modelHistory, openConversation, saveMessage } from "@/server/chat";
import { AppError } from "@/server/errors";
import { handleChatTurn } from "@/server/orchestrator";
import { logger } from "@/server/observability/logger";

export const dynamic = "force-dynamic";

const Body = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "invalid chat id"),
  orgId: z.string().min(1).max(64),
  messages: z
    .array(z.object({ id: z.string().min(1).max(64), role: z.literal("user").or(z.literal("assistant")).or(z.literal("system")), parts: z.array(z.any()) }))
    .min(1),
});

const problem = (status: number, message: string) => Response.json({ error: message }, { status });

/** Chat intake: validate → session → permission → persist → plan/answer → stream the reply. */
export async function POST(req: Request) {
  const principal = await principalFromCookieHeader(req.headers.get("cookie"));
  const parsed = Body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return problem(400, "The chat request is malformed.");
  const { id, orgId, messages } = parsed.data;
  try {
    authorizeOrg(principal, orgId, "chat:use");
  } catch (err) {
    if (err instanceof AppError) return problem(err.status, err.message);
    throw err;
  }
  const user = principal!;
  const last = messages.at(-1) as AiosChatMessage;
  const text = last.parts.map((p) => (p.type === "text" ? p.text : "")).join(" ").trim();
  if (last.role !== "user" || !text) return problem(400, "Write a message first.");
  if (text.length > 8000) return problem(400, "That message is too long (8000 characters at most).");

  let conversation;
  try {
    conversation = await openConversation(orgId, user.userId, id, text);
  } catch (err) {
    if (err instanceof AppError) return problem(err.status, err.message);
    throw err;
  }
  await saveMessage(orgId, conversation.id, { id: last.id, role: "user", parts: last.parts });

  const stream = createUIMessageStream<AiosChatMessage>({
    originalMessages: messages as AiosChatMessage[],
    generateId,
    async execute({ writer }) {
      writer.write({ type: "data-status", data: { text: "Thinking…" }, transient: true });
      const turn = await handleChatTurn({ orgId, userId: user.userId, name: user.name }, conversation.id, await modelHistory(conversation.id));
      const textId = generateId();
      writer.write({ type: "text-start", id: textId });
      // Stream the answer word by word, as a model would.
      for (const chunk of turn.text.match(/\S+\s*/g) ?? [turn.text]) writer.write({ type: "text-delta", id: textId, delta: chunk });
      writer.write({ type: "text-end", id: textId });
      if (turn.plan && turn.projectId && (turn.intent === "new_project" || turn.intent === "change_request")) {
        writer.write({ type: "data-plan", data: { projectId: turn.projectId, plan: turn.plan, kind: turn.intent } });
      }
    },
    onError(error) {
      if (error instanceof AppError && error.status < 500) return error.message;
      logger.error({ err: error }, "chat turn failed");
      return error instanceof Error && error.name === "LlmError" ? error.message : "Something went wrong on our side. Please try again.";
    },
    async onFinish({ responseMessage }) {
      await saveMessage(orgId, conversation.id, responseMessage);
    },
  });
  return createUIMessageStreamResponse({ stream });
}
