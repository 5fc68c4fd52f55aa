// Display formatting shared by every page. Pure functions: safe on server and client.

const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

export function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

/** "just now", "5 minutes ago", "in 3 days". */
export function relativeTime(value: Date | string | number, now: number = Date.now()): string {
  const seconds = Math.round((toDate(value).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  for (const [unit, size] of UNITS) {
    if (abs >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(Math.round(seconds / 60), "minute");
}

const dateTimeFmt = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
const dateFmt = new Intl.DateTimeFormat("en", { dateStyle: "medium" });
const timeFmt = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", second: "2-digit" });

export function formatDateTime(value: Date | string | number): string {
  return dateTimeFmt.format(toDate(value));
}

export function formatDate(value: Date | string | number): string {
  return dateFmt.format(toDate(value));
}

export function formatTime(value: Date | string | number): string {
  return timeFmt.format(toDate(value));
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** The first `count` user-perceived characters: an emoji or accented letter is one, never half a surrogate pair. */
export function firstGraphemes(text: string, count = 1): string {
  let out = "";
  let taken = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (taken++ >= count) break;
    out += segment;
  }
  return out;
}

export function initials(nameOrEmail: string | null | undefined): string {
  const source = (nameOrEmail ?? "").trim();
  if (!source) return "?";
  const base = source.includes("@") && !source.includes(" ") ? source.split("@")[0]! : source;
  const parts = base.split(/[\s._-]+/).filter(Boolean);
  const letters = parts.length > 1 ? firstGraphemes(parts[0]!) + firstGraphemes(parts[parts.length - 1]!) : firstGraphemes(base, 2);
  return letters.toUpperCase();
}

/** "project.created" → "Project created". */
export function humanize(identifier: string): string {
  const words = identifier.replace(/[._:]+/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A message fit to show a person. tRPC input validation errors arrive as a JSON list of issues;
 * anything else shows its own message. Never a stack trace.
 */
export function errorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  const raw = error instanceof Error ? error.message : typeof error === "string" ? error : "";
  if (!raw) return fallback;
  if (raw.startsWith("[")) {
    try {
      const issues = JSON.parse(raw) as { message?: string; path?: (string | number)[] }[];
      const lines = issues.map((i) => i.message).filter(Boolean);
      if (lines.length) return lines.join(". ");
    } catch {
      // not JSON: fall through
    }
  }
  if (/^(fetch failed|failed to fetch|networkerror)/i.test(raw)) return "Cannot reach the server. Check your connection.";
  return raw.split("\n")[0] ?? fallback;
}

export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
