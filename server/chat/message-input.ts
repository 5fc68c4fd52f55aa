import "server-only";
import { z } from "zod";
import { AppError } from "@/server/errors";

// What POST /api/chat accepts. Only the newest user message is read: the history the model sees comes
// from the database, so nothing else the browser sends is trusted (or even parsed beyond its shape).

export const MAX_MESSAGE_CHARS = 8000;
const MAX_PARTS = 20;

const NUL = /\u0000/;
// A lone UTF-16 surrogate cannot be stored in Postgres JSON (it fails the write with a 500).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const TextPart = z.object({
  type: z.literal("text"),
  text: z
    .string()
    .max(MAX_MESSAGE_CHARS, `That message is too long (${MAX_MESSAGE_CHARS} characters at most).`)
    .refine((t) => !NUL.test(t), "The message contains a NUL character, which cannot be stored.")
    .refine((t) => !LONE_SURROGATE.test(t), "The message contains broken Unicode characters."),
});

const UserMessage = z.object(
  {
    id: z.string({ error: "The message id is not valid." }).regex(/^[A-Za-z0-9_-]{1,64}$/, "The message id is not valid."),
    role: z.literal("user", { error: "Only your own (user) messages can be sent." }),
    parts: z.array(z.unknown(), { error: "The message parts must be a list." }).min(1, "Write a message first.").max(MAX_PARTS, `A message has at most ${MAX_PARTS} parts.`),
  },
  { error: "The message is malformed." },
);

const Body = z.object(
  {
    id: z.string({ error: "The chat id is not valid." }).regex(/^[A-Za-z0-9_-]{8,64}$/, "The chat id is not valid."),
    orgId: z.string({ error: "The organisation id is not valid." }).regex(/^[A-Za-z0-9_-]{1,64}$/, "The organisation id is not valid."),
    // Older clients send the whole thread; only its last entry matters.
    messages: z.array(z.unknown(), { error: "The chat request has no messages." }).min(1, "Write a message first.").max(1000, "Too many messages in one request."),
  },
  { error: "The chat request is malformed." },
);

export type ChatRequest = { chatId: string; orgId: string; message: { id: string; role: "user"; parts: { type: "text"; text: string }[] }; text: string };

const bad = (message: string) => new AppError("BAD_REQUEST", message);
const firstIssue = (error: z.ZodError, fallback: string) => error.issues[0]?.message ?? fallback;

/** Parses the request body into the one message this turn is about, or throws a 400 with a sentence. */
export function parseChatRequest(raw: unknown): ChatRequest {
  const body = Body.safeParse(raw);
  if (!body.success) throw bad(firstIssue(body.error, "The chat request is malformed."));
  const last = UserMessage.safeParse(body.data.messages.at(-1));
  if (!last.success) throw bad(firstIssue(last.error, "The message is malformed."));
  const parts: { type: "text"; text: string }[] = [];
  for (const part of last.data.parts) {
    const type = part && typeof part === "object" && "type" in part ? (part as { type: unknown }).type : undefined;
    if (type !== "text") {
      throw bad(
        typeof type === "string" && type.length <= 40
          ? `Messages can only contain text; a part of type "${type}" is not accepted.`
          : "Messages can only contain text parts.",
      );
    }
    const text = TextPart.safeParse(part);
    if (!text.success) throw bad(firstIssue(text.error, "A text part of the message is malformed."));
    // Stored as parsed: unknown keys the browser added never reach the database.
    parts.push({ type: "text", text: text.data.text });
  }
  const text = parts.map((p) => p.text).join(" ").trim();
  if (!text) throw bad("Write a message first.");
  if (text.length > MAX_MESSAGE_CHARS) throw bad(`That message is too long (${MAX_MESSAGE_CHARS} characters at most).`);
  return { chatId: body.data.id, orgId: body.data.orgId, message: { id: last.data.id, role: "user", parts }, text };
}
