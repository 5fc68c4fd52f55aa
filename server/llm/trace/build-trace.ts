import { MAX_ANSWER_CHARS, MAX_PROMPT_CHARS, MAX_STRING_CHARS } from "@/lib/trace-limits";
import { MASK, maskText, SECRET_FIELD } from "./mask";

export { MAX_ANSWER_CHARS, MAX_PROMPT_CHARS, MAX_STRING_CHARS };

// What a trace stores of one attempt: the prompt as sent (system, messages, tools), the answer, and what
// was repaired, every string masked (mask.ts) and big parts capped so one call can never store megabytes.
// Pure: the record step passes the request and the answer it already has.

const MAX_DEPTH = 16;

export type TraceTool = { description: string; parameters: unknown };

export type TraceInput = {
  system: string;
  messages: readonly unknown[];
  /** Tools offered, with their JSON Schemas. */
  tools?: Record<string, TraceTool>;
  /** The answer of an answered attempt; absent for a failed one. */
  answer?: { text: string; toolCalls: readonly { toolName: string; input: unknown; invalid?: true; error?: string }[]; object?: unknown; finishReason: string } | null;
  /** Things the gateway noted about this attempt (asked again without streaming…). */
  notes?: readonly string[];
  /** Secret values to mask besides the shapes mask.ts knows (the server's own secrets). */
  secrets?: readonly string[];
};

export type TracePrompt = { system: string; messages: unknown[]; tools: Record<string, TraceTool> | null; omittedMessages?: number };

export type Trace = {
  prompt: TracePrompt | { note: string; preview: string };
  answer: { text: string; toolCalls: unknown[]; object?: unknown; finishReason: string } | { note: string; preview: string } | null;
  repairs: string[];
  /** JSON characters of the masked prompt and answer before any capping. */
  promptChars: number;
  answerChars: number;
  truncated: boolean;
};

export function buildTrace(input: TraceInput): Trace {
  const secrets = input.secrets ?? [];
  const promptCut = { chars: 0 };
  const prompt: TracePrompt = {
    system: clean(input.system, secrets, promptCut) as string,
    messages: input.messages.map((m) => clean(m, secrets, promptCut)),
    tools: input.tools ? (clean(input.tools, secrets, promptCut) as Record<string, TraceTool>) : null,
  };
  let promptJson = JSON.stringify(prompt);
  const promptChars = promptJson.length + promptCut.chars;
  let truncated = promptCut.chars > 0;
  let storedPrompt: Trace["prompt"] = prompt;
  if (promptJson.length > MAX_PROMPT_CHARS) {
    truncated = true;
    storedPrompt = fitMessages(prompt);
    promptJson = JSON.stringify(storedPrompt);
    if (promptJson.length > MAX_PROMPT_CHARS) storedPrompt = preview("prompt", promptJson, MAX_PROMPT_CHARS);
  }

  let answer: Trace["answer"] = null;
  let answerChars = 0;
  if (input.answer) {
    const answerCut = { chars: 0 };
    const a = input.answer;
    const cleaned = {
      text: clean(a.text, secrets, answerCut) as string,
      toolCalls: a.toolCalls.map((c) => clean(c, secrets, answerCut)),
      ...(a.object !== undefined ? { object: clean(a.object, secrets, answerCut) } : {}),
      finishReason: a.finishReason,
    };
    const json = JSON.stringify(cleaned);
    answerChars = json.length + answerCut.chars;
    truncated ||= answerCut.chars > 0;
    answer = cleaned;
    if (json.length > MAX_ANSWER_CHARS) {
      truncated = true;
      answer = preview("answer", json, MAX_ANSWER_CHARS);
    }
  }
  return { prompt: storedPrompt, answer, repairs: repairsOf(input), promptChars, answerChars, truncated };
}

/** Sentences for what was fixed or went wrong in this attempt's answer, as the timeline words them. */
function repairsOf(input: TraceInput): string[] {
  const out = [...(input.notes ?? [])];
  for (const c of input.answer?.toolCalls ?? []) {
    if (c.invalid) out.push(`Tool call "${c.toolName}" was refused and sent back to the model: ${c.error ?? "invalid input"}`);
  }
  if (input.answer?.finishReason === "length") out.push("The answer was cut off at the output limit.");
  const last = input.messages.at(-1) as { role?: string; content?: unknown } | undefined;
  if (last?.role === "user" && typeof last.content === "string" && last.content.startsWith("Your answer could not be used:")) {
    out.push("This call asked the model again: its previous answer could not be used (the reasons are the last message).");
  }
  return out.map((r) => maskText(r, input.secrets));
}

/** The first message and as many of the last ones as fit, with a count of those left out. */
function fitMessages(p: TracePrompt): TracePrompt {
  const budget = MAX_PROMPT_CHARS - JSON.stringify({ ...p, messages: [], omittedMessages: p.messages.length }).length;
  const sizes = p.messages.map((m) => JSON.stringify(m).length + 1);
  const keep: number[] = [];
  let used = 0;
  if (sizes.length && sizes[0]! <= budget) {
    keep.push(0);
    used += sizes[0]!;
  }
  const tail: number[] = [];
  for (let i = sizes.length - 1; i > 0; i--) {
    if (used + sizes[i]! > budget) break;
    used += sizes[i]!;
    tail.unshift(i);
  }
  const kept = [...keep, ...tail];
  return { ...p, messages: kept.map((i) => p.messages[i]), omittedMessages: p.messages.length - kept.length };
}

function preview(what: string, json: string, max: number): { note: string; preview: string } {
  const size = max / 2;
  return { note: `The ${what} was ${json.length.toLocaleString("en-US")} characters; the first ${size.toLocaleString("en-US")} are kept.`, preview: json.slice(0, size) };
}

/**
 * What Postgres' jsonb can hold: it refuses the NUL character and unpaired surrogates (a prompt may carry
 * both), and a refused trace would fail the call's record. NUL shows as ␀, a lone surrogate as U+FFFD.
 */
const storable = (text: string): string => text.replaceAll("\0", "\u2400").toWellFormed();

/** JSON-safe, masked, each string capped; `cut` counts the characters left out. */
function clean(value: unknown, secrets: readonly string[], cut: { chars: number }, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "string": {
      const masked = storable(maskText(value, secrets));
      if (masked.length <= MAX_STRING_CHARS) return masked;
      cut.chars += masked.length - MAX_STRING_CHARS;
      return `${masked.slice(0, MAX_STRING_CHARS)}… [${(masked.length - MAX_STRING_CHARS).toLocaleString("en-US")} more characters not stored]`;
    }
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "boolean":
      return value;
    case "bigint":
      return value.toString();
    case "object":
      break;
    default:
      return `[${typeof value}]`;
  }
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return `[binary data, ${value.byteLength.toLocaleString("en-US")} bytes]`;
  if (value instanceof URL) return maskText(value.toString(), secrets);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= MAX_DEPTH) return "[nested too deep]";
  if (Array.isArray(value)) return value.map((v) => clean(v, secrets, cut, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[storable(k)] = typeof v === "string" && v.length > 0 && SECRET_FIELD.test(k) ? MASK : clean(v, secrets, cut, depth + 1);
  }
  return out;
}
