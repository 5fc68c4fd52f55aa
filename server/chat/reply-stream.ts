import "server-only";
import { readPartialObject } from "@/lib/partial-json";
import type { StreamDelta } from "@/server/llm";

// Chat answers stream from the model itself. Intake answers one JSON object (intent, projectId,
// needsClarification, reply); while it streams, the `reply` string is read out of the partial JSON and
// its new characters are passed on as they arrive — but only once the intent says the reply IS the
// answer (a general question, or a clarifying question about a vague request). Other intents end in
// an answer AIOS composes (a plan, a status report), written when the turn is done.

export type ReplyStream = {
  /** The gateway's onDelta for the intake call(s). */
  onDelta: (d: StreamDelta) => void;
  /** What was passed on so far (empty when nothing streamed). */
  streamed: () => string;
};

/** Reads the answer out of an intake answer being written; `emit` gets each new piece of the reply. */
export function replyStream(emit: (text: string) => void): ReplyStream {
  let raw = "";
  let sent = "";
  // Once an answer object is complete, more text is a new attempt (the structured re-ask): the reply
  // shown so far stays, and nothing more is streamed (the finished turn says what remains).
  let frozen = false;

  const onDelta = (d: StreamDelta) => {
    if (frozen) return;
    if (d.type === "reset") {
      if (!sent) raw = "";
      else frozen = true;
      return;
    }
    if (d.type !== "text") return;
    raw += d.text;
    const read = readPartialIntake(raw);
    if (read.complete && raw.slice(read.end).trim()) frozen = true;
    const answers = read.intent === "general_question" || (read.intent === "new_project" && read.needsClarification === true);
    if (!answers || read.reply === undefined || !read.reply.startsWith(sent)) return;
    const piece = read.reply.slice(sent.length);
    if (!piece) return;
    sent = read.reply;
    emit(piece);
  };
  return { onDelta, streamed: () => sent };
}

export type PartialIntake = {
  intent?: string;
  needsClarification?: boolean;
  /** The reply string as far as it has been written (escapes decoded). */
  reply?: string;
  /** The object's closing brace has arrived; `end` is the index after it. */
  complete: boolean;
  end: number;
};

/** The fields of an intake answer that has been written only in part (lib/partial-json.ts reads it). */
export function readPartialIntake(raw: string): PartialIntake {
  const { fields, complete, end } = readPartialObject(raw);
  const out: PartialIntake = { complete, end };
  if (typeof fields.intent === "string") out.intent = fields.intent;
  if (typeof fields.needsClarification === "boolean") out.needsClarification = fields.needsClarification;
  if (typeof fields.reply === "string") out.reply = fields.reply;
  return out;
}
