import "server-only";
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

/**
 * The fields of an intake answer that has been written only in part: tolerant of prose or a code fence
 * before the object (models add them), and of a string or escape cut in the middle.
 */
export function readPartialIntake(raw: string): PartialIntake {
  const start = raw.indexOf("{");
  if (start < 0) return { complete: false, end: 0 };
  const fields: Record<string, string | boolean> = {};
  let depth = 0;
  let i = start;
  let key: string | null = null;
  let expectKey = false;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === '"') {
      const s = readString(raw, i + 1);
      if (depth === 1 && expectKey) {
        if (!s.closed) break;
        key = s.value;
        expectKey = false;
      } else if (depth === 1 && key !== null) {
        fields[key] = s.value;
        if (!s.closed) break;
        key = null;
      }
      if (!s.closed) break;
      i = s.next;
      continue;
    }
    if (c === "{" || c === "[") {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return { ...pick(fields), complete: true, end: i + 1 };
    } else if (depth === 1) {
      if (c === ",") {
        expectKey = true;
        key = null;
      } else if (key !== null && /[tf]/.test(c)) {
        const word = /^(true|false)/.exec(raw.slice(i));
        if (word) {
          fields[key] = word[1] === "true";
          i += word[1]!.length;
          continue;
        }
      }
    }
    i++;
  }
  return { ...pick(fields), complete: false, end: raw.length };
}

function pick(fields: Record<string, string | boolean>): Omit<PartialIntake, "complete" | "end"> {
  const out: Omit<PartialIntake, "complete" | "end"> = {};
  if (typeof fields.intent === "string") out.intent = fields.intent;
  if (typeof fields.needsClarification === "boolean") out.needsClarification = fields.needsClarification;
  if (typeof fields.reply === "string") out.reply = fields.reply;
  return out;
}

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** A JSON string from `from` (after its opening quote): its value so far, whether it closed, and where it ends. */
function readString(raw: string, from: number): { value: string; closed: boolean; next: number } {
  let value = "";
  let i = from;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === '"') return { value, closed: true, next: i + 1 };
    if (c !== "\\") {
      value += c;
      i++;
      continue;
    }
    // An escape cut by the stream waits for its next piece.
    const e = raw[i + 1];
    if (e === undefined) break;
    if (e === "u") {
      const hex = raw.slice(i + 2, i + 6);
      if (hex.length < 4) break;
      value += String.fromCharCode(parseInt(hex, 16));
      i += 6;
      continue;
    }
    value += ESCAPES[e] ?? e;
    i += 2;
  }
  return { value, closed: false, next: raw.length };
}
