import { createUIMessageStream, createUIMessageStreamResponse, generateId } from "ai";
import type { AiosChatMessage } from "@/lib/chat";
import { authorizeOrg, principalFromRequest } from "@/server/auth";
import { chatTurnErrors, modelHistory, openConversation, parseChatRequest, saveMessage } from "@/server/chat";
import { AppError } from "@/server/errors";
import { budgetRefusal } from "@/server/chat/budget-refusal";
import { replyStream } from "@/server/chat/reply-stream";
import { isBudgetExceeded } from "@/server/governance/budgets/errors";
import { rateLimitedNow } from "@/server/governance/budgets/rate-limits";
import { handleChatTurn, type ChatTurn } from "@/server/orchestrator";

export const dynamic = "force-dynamic";

const problem = (status: number, message: string) => Response.json({ error: message }, { status });

/**
 * Chat intake: validate → session → permission → persist → plan/answer → stream the reply. Only the
 * newest user message of the body is used; what the model reads comes from the stored conversation.
 */
export async function POST(req: Request) {
  if (!/^application\/json\b/i.test(req.headers.get("content-type") ?? "")) return problem(415, "This endpoint accepts only JSON: send the body with Content-Type: application/json.");
  // A session cookie or `Authorization: Bearer aios_sk_…`; a bad key is refused with its reason.
  const principal = await principalFromRequest(req.headers).catch((err: unknown) => {
    if (err instanceof AppError) return err;
    throw err;
  });
  if (principal instanceof AppError) return problem(principal.status, principal.message);
  if (!principal) return problem(401, "Please sign in.");
  const raw: unknown = await req.json().catch(() => undefined);
  let conversation;
  let request;
  try {
    request = parseChatRequest(raw);
    authorizeOrg(principal, request.orgId, "chat:use");
    // A full per-minute budget answers in HTTP's words (429 + Retry-After) before any stream starts.
    const limited = await rateLimitedNow({ orgId: request.orgId, userId: principal.userId, apiKeyId: (principal as { key?: { id: string } }).key?.id ?? null });
    if (limited) return Response.json({ error: limited.message }, { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } });
    conversation = await openConversation(request.orgId, principal.userId, request.chatId, request.text);
    await saveMessage(conversation, request.message);
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return problem(err.status, err.message);
    throw err;
  }
  const user = principal;
  const { orgId } = request;

  const stream = createUIMessageStream<AiosChatMessage>({
    originalMessages: [request.message],
    generateId,
    async execute({ writer }) {
      writer.write({ type: "data-status", data: { text: "Thinking…" }, transient: true });
      // The answer streams from the model as it writes it (a general answer, a clarifying question);
      // answers AIOS composes from what it did (a plan, a status report) follow when the turn is done.
      const textId = generateId();
      let open = false;
      const write = (delta: string) => {
        if (!open) writer.write({ type: "text-start", id: textId });
        open = true;
        writer.write({ type: "text-delta", id: textId, delta });
      };
      const reply = replyStream(write);
      const who = { orgId, userId: user.userId, name: user.name, apiKeyId: user.kind === "apiKey" ? user.key.id : null };
      const turn = await handleChatTurn(who, conversation.id, await modelHistory(conversation.id), { onDelta: reply.onDelta }).catch((err: unknown) => {
        // Over budget is an answer, not a failure: the person reads why and what to do.
        if (isBudgetExceeded(err)) return { intent: "general_question" as const, text: budgetRefusal(err) } satisfies ChatTurn as ChatTurn;
        throw err;
      });
      const streamed = reply.streamed();
      // The model re-asked after the part already shown (rare): the final answer follows as its own paragraph.
      const rest = !streamed ? turn.text : turn.text.startsWith(streamed) ? turn.text.slice(streamed.length) : `\n\n${turn.text}`;
      if (rest || !open) write(rest);
      writer.write({ type: "text-end", id: textId });
      if (turn.plan && turn.projectId && (turn.intent === "new_project" || turn.intent === "change_request")) {
        const data = { projectId: turn.projectId, plan: turn.plan, kind: turn.intent, ...(turn.changeId ? { changeId: turn.changeId } : {}) };
        writer.write({ type: "data-plan", data });
      }
    },
    onError: chatTurnErrors(),
    async onFinish({ responseMessage }) {
      // An answer that failed before any part was written leaves nothing worth storing.
      if (responseMessage.parts.length) await saveMessage(conversation, { id: responseMessage.id, role: "assistant", parts: responseMessage.parts });
    },
  });
  return createUIMessageStreamResponse({ stream });
}
