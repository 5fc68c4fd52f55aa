import type { Prisma } from "@/server/db";

const SECRET_KEY = /pass(word)?|token|secret|key|authorization|cookie|credential/i;
const MAX_DEPTH = 4;
const MAX_STRING = 200;
const MAX_ITEMS = 20;
const MAX_KEYS = 30;
/** An audit row never stores more than this much of a request's input (JSON characters). */
export const MAX_SUMMARY_CHARS = 4_000;

/**
 * What an audit row keeps of a request's input: a bounded, redacted summary. Total by construction —
 * it never throws, whatever the input (deep nesting, invalid dates, NUL characters, cycles, getters
 * that throw): the audit row is written before anything can go wrong with it.
 */
export function auditSummary(input: unknown): Prisma.InputJsonValue | undefined {
  if (input === undefined) return undefined;
  try {
    const summary = summarise(input, 0);
    const json = JSON.stringify(summary);
    if (json.length <= MAX_SUMMARY_CHARS) return summary as Prisma.InputJsonValue;
    // Half the budget: quotes and backslashes in the preview double when it is stored as JSON again.
    return { truncated: true, preview: clip(json, MAX_SUMMARY_CHARS / 2 - 100) };
  } catch {
    return "[input could not be summarised]";
  }
}

function summarise(value: unknown, depth: number): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "string":
      return clip(value, MAX_STRING);
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "boolean":
      return value;
    case "bigint":
      return clip(value.toString(), MAX_STRING);
    case "object":
      break;
    default:
      return `[${typeof value}]`;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "[invalid date]" : value.toISOString();
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? `[array of ${value.length}]` : "[object]";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => summarise(v, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `[${value.length - MAX_ITEMS} more]`] : items;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
    return `[${value.constructor?.name ?? "object"}]`;
  }
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value);
  for (const key of keys.slice(0, MAX_KEYS)) {
    const safeKey = clip(key, 60);
    out[safeKey] = SECRET_KEY.test(key) ? "[redacted]" : summarise((value as Record<string, unknown>)[key], depth + 1);
  }
  if (keys.length > MAX_KEYS) out["…"] = `${keys.length - MAX_KEYS} more keys`;
  return out;
}

/** Shortens a string and replaces NUL and lone surrogates (Postgres refuses them in text and JSON). */
function clip(text: string, max: number): string {
  const clean = text.replaceAll("\u0000", "\uFFFD").toWellFormed();
  return clean.length > max ? `${clean.slice(0, max)}… (${clean.length} chars)` : clean;
}
