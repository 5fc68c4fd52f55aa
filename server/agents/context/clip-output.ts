import "server-only";

// Long tool outputs keep their head and their tail (where a failing test or a stack trace usually
// ends) with the size of what was left out between them.

const fmt = (n: number) => n.toLocaleString("en");

/**
 * `text` if it fits in `max` characters, else its first and last lines around a line saying how much
 * was elided. `where` says where the whole output can be read.
 */
export function clipMiddle(text: string, max: number, where = ""): string {
  if (text.length <= max) return text;
  const budget = Math.max(0, max - 100);
  const headChars = Math.ceil(budget * 0.6);
  const tailChars = budget - headChars;
  // Cut at line ends when one is near, so no line is shown half.
  let head = text.slice(0, headChars);
  const headNl = head.lastIndexOf("\n");
  if (headNl > headChars * 0.7) head = head.slice(0, headNl);
  let tail = tailChars > 0 ? text.slice(text.length - tailChars) : "";
  const tailNl = tail.indexOf("\n");
  if (tailNl >= 0 && tailNl < tailChars * 0.3) tail = tail.slice(tailNl + 1);
  const elided = text.length - head.length - tail.length;
  return `${head}\n… ${fmt(elided)} characters elided${where ? `; ${where}` : ""} …\n${tail}`;
}

/** How many characters of one tool output the model sees, from its context window (tokens). */
export function outputLimitFor(contextWindow: number): number {
  // About a twentieth of the window per observation (≈ 4 characters a token), within sensible bounds.
  return Math.min(12_000, Math.max(1_500, Math.floor((contextWindow * 4) / 20)));
}

export const TIMELINE_NOTE = "the whole output is in the timeline";

/** Long strings inside a value (a huge file the model wrote) cut to `max` characters, head and tail kept. */
export function clipStrings(value: unknown, max: number): unknown {
  if (typeof value === "string") return clipMiddle(value, max);
  if (Array.isArray(value)) return value.map((v) => clipStrings(v, max));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clipStrings(v, max)]));
  return value;
}
