import { writeFileSync } from "node:fs";
import { signInErrorMessage } from "@/components/auth/sign-in-errors";

// What every answer of the battery must satisfy, and the figures it prints: no 5xx, and every error a
// sentence a person can read (no stack trace, no parser or database internals, no raw zod dump).

export type Finding = { where: string; input: string; problem: string };

const LEAKS: [RegExp, string][] = [
  [/\n\s+at .+[:(]\d+/, "a stack trace"],
  [/Maximum call stack/i, "a stack overflow message"],
  [/\bP[0-9]{4}\b/, "a Prisma error code"],
  [/\b(22021|22P02|22P05|23505|23503|42P01|SQLSTATE)\b/, "a Postgres error code"],
  [/invalid byte sequence|unsupported Unicode escape|violates .* constraint|relation ".*" does not exist/i, "a Postgres message"],
  [/prisma|pglite|node_modules|\.tsx?:\d+/i, "internal names"],
  [/\b(TypeError|ReferenceError|RangeError|SyntaxError)\b/, "a JavaScript error name"],
  [/Unexpected token|JSON at position|Unexpected end of JSON|Unexpected non-whitespace|Bad control character|Expected property name/i, "a JSON parser message"],
  [/"code":\s*"(invalid_type|too_big|too_small|invalid_format|unrecognized_keys|custom)"/, "a raw zod issue dump"],
  [/undefined is not|cannot read propert|is not a function|is not iterable|cannot convert|\[object Object\]/i, "a JavaScript runtime message"],
  [/messages must not be empty/i, "a model library's message"],
];

/** Why an error message is not a readable sentence, or null when it is one. */
export function unreadable(message: unknown): string | null {
  if (typeof message !== "string") return `no message (got ${JSON.stringify(message)?.slice(0, 80)})`;
  const m = message.trim();
  if (m.length === 0) return "an empty message";
  if (m.length > 1000) return `a ${m.length}-character message (echoes the input?)`;
  if (/^[[{]/.test(m)) return "a JSON dump instead of a sentence";
  if (!/[A-Za-z]{2,}[\s:,]+[A-Za-z]{2,}/.test(m)) return "not a sentence";
  for (const [re, what] of LEAKS) if (re.test(m)) return `it contains ${what}`;
  return null;
}

/** The message of an error answer: tRPC (superjson envelope or batch), our route handlers, or plain text. */
export function errorMessage(status: number, text: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text; // plain text must then itself be a sentence
  }
  const first = Array.isArray(body) ? body[0] : body;
  // NextAuth's JSON answer names the error in a URL; the sign-in page shows it as signInErrorMessage does.
  const url = (first as { url?: unknown } | null)?.url;
  if (typeof url === "string" && url.includes("error=")) {
    return signInErrorMessage(new URL(url, "http://x").searchParams.get("error"), status);
  }
  const err = (first as { error?: unknown } | null)?.error;
  if (typeof err === "string") return err;
  const json = (err as { json?: { message?: unknown } } | undefined)?.json;
  if (json) return json.message;
  if (err && typeof err === "object" && "message" in err) return (err as { message: unknown }).message;
  return status >= 400 ? (first as { message?: unknown } | null)?.message : undefined;
}

/** Checks one answer; returns its problems (none for a 2xx, or a 4xx with a readable sentence). */
export function judge(status: number, text: string, contentType = ""): string[] {
  const problems: string[] = [];
  if (status >= 500) problems.push(`HTTP ${status}`);
  // A page (Next's 404 or error page) is judged by what it must not show, not as a sentence.
  if (contentType.startsWith("text/html")) {
    if (status >= 400) for (const [re, what] of LEAKS.slice(0, 2)) if (re.test(text)) problems.push(`the error page shows ${what}`);
    return problems;
  }
  // Node's HTTP parser answers an oversized request line itself (431), and Next a method a route does
  // not export (405), before any of our code: the status line is then the whole, readable answer.
  if ((status === 431 || status === 405) && text === "") return problems;
  if (status >= 400) {
    const why = unreadable(errorMessage(status, text));
    if (why) problems.push(`error text is not a readable sentence: ${why}: ${JSON.stringify(text.slice(0, 300))}`);
    if (/"stack"\s*:/.test(text)) problems.push("the error body carries a stack");
  }
  return problems;
}

/** Per-procedure figures, printed at the end of a battery. */
export class Tally {
  private rows = new Map<string, { cases: number; ok: number; c4xx: number; c5xx: number; ms: number }>();
  readonly findings: Finding[] = [];

  count(where: string, status: number, ms: number): void {
    const row = this.rows.get(where) ?? { cases: 0, ok: 0, c4xx: 0, c5xx: 0, ms: 0 };
    row.cases++;
    row.ms += ms;
    if (status >= 500) row.c5xx++;
    else if (status >= 400) row.c4xx++;
    else row.ok++;
    this.rows.set(where, row);
  }

  find(where: string, input: string, problem: string): void {
    this.findings.push({ where, input: input.length > 400 ? `${input.slice(0, 400)}… (${input.length} chars)` : input, problem });
  }

  totals() {
    const t = { cases: 0, ok: 0, c4xx: 0, c5xx: 0 };
    for (const r of this.rows.values()) {
      t.cases += r.cases;
      t.ok += r.ok;
      t.c4xx += r.c4xx;
      t.c5xx += r.c5xx;
    }
    return t;
  }

  /** All findings as JSON (for battery-failures.md and for replaying a case). */
  dump(file: string): void {
    writeFileSync(file, JSON.stringify({ totals: this.totals(), findings: this.findings }, null, 1));
  }

  print(title: string, seconds: number): void {
    const lines = [...this.rows.entries()].map(
      ([k, r]) => `  ${k.padEnd(40)} ${String(r.cases).padStart(5)} cases  2xx ${String(r.ok).padStart(4)}  4xx ${String(r.c4xx).padStart(4)}  5xx ${String(r.c5xx).padStart(3)}  ${(r.ms / 1000).toFixed(1)}s`,
    );
    const t = this.totals();
    console.log(
      `${title}\n${lines.join("\n")}\n  total: ${t.cases} cases, 2xx ${t.ok}, 4xx ${t.c4xx}, 5xx ${t.c5xx}, ${this.findings.length} findings, ${seconds.toFixed(1)}s`,
    );
    if (this.findings.length) {
      console.log(
        `findings (first 40):\n${this.findings
          .slice(0, 40)
          .map((f) => `  - ${f.where}: ${f.problem}\n      input: ${JSON.stringify(f.input)}`)
          .join("\n")}`,
      );
    }
  }
}
