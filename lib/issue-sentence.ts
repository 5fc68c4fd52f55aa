import type { z } from "zod";

// Validation problems as sentences a person can act on ("Name can be at most 120 characters."), instead
// of zod's defaults ("name: Too big: expected string to have <=120 characters"). Messages a schema
// wrote itself (`.max(100, "Project name can be at most 100 characters")`) are kept as they are.

type Issue = z.core.$ZodIssue;

/** zod's own English messages; anything else was written by the schema's author. */
const ZOD_DEFAULT = /^(Invalid|Too big|Too small|Unrecognized key)/;

export function issueSentences(issues: readonly Issue[], limit = 3): string {
  const sentences = [...new Set(issues.map(issueSentence))];
  const shown = sentences.slice(0, limit).join(" ");
  const more = sentences.length - limit;
  return more > 0 ? `${shown} (and ${more} more ${more === 1 ? "problem" : "problems"})` : shown;
}

export function issueSentence(issue: Issue): string {
  if (!ZOD_DEFAULT.test(issue.message)) return asSentence(issue.message);
  const label = fieldLabel(issue.path);
  switch (issue.code) {
    case "too_big":
      return asSentence(tooBig(label, issue));
    case "too_small":
      return asSentence(tooSmall(label, issue));
    case "invalid_type":
      return /received undefined/.test(issue.message) ? `${label} is required.` : `${label} must be ${TYPE_NOUN[issue.expected] ?? issue.expected}.`;
    case "invalid_format":
      return `${label} must be ${FORMAT_NOUN[issue.format] ?? "in the expected format"}.`;
    case "invalid_value":
      return issue.values.length === 1
        ? `${label} must be ${quote(issue.values[0])}.`
        : `${label} must be one of ${issue.values.slice(0, 8).map(quote).join(", ")}${issue.values.length > 8 ? ", …" : ""}.`;
    case "not_multiple_of":
      return `${label} must be a multiple of ${String(issue.divisor)}.`;
    case "unrecognized_keys":
      return `${issue.keys.length === 1 ? "This field is" : "These fields are"} not accepted: ${issue.keys.slice(0, 5).map(clip).join(", ")}${issue.keys.length > 5 ? ", …" : ""}.`;
    default:
      return `${label} is not valid.`;
  }
}

function tooBig(label: string, issue: Extract<Issue, { code: "too_big" }>): string {
  const max = Number(issue.maximum) - (issue.inclusive === false && issue.origin !== "number" ? 1 : 0);
  switch (issue.origin) {
    case "string":
      return `${label} can be at most ${count(max, "character")}`;
    case "array":
    case "set":
      return `${label} can have at most ${count(max, "item")}`;
    case "number":
    case "bigint":
      return `${label} must be ${issue.inclusive === false ? "less than" : "at most"} ${max}`;
    default:
      return `${label} is too large`;
  }
}

function tooSmall(label: string, issue: Extract<Issue, { code: "too_small" }>): string {
  const min = Number(issue.minimum) + (issue.inclusive === false && issue.origin !== "number" ? 1 : 0);
  switch (issue.origin) {
    case "string":
      return min <= 1 ? `${label} is required` : `${label} needs at least ${count(min, "character")}`;
    case "array":
    case "set":
      return `${label} needs at least ${count(min, "item")}`;
    case "number":
    case "bigint":
      return `${label} must be ${issue.inclusive === false ? "more than" : "at least"} ${min}`;
    default:
      return `${label} is too small`;
  }
}

/** ["tasks", 2, "title"] → "Title of task 3"; ["name"] → "Name"; [] → "The input". */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const keys = path.filter((k): k is string => typeof k === "string");
  const last = keys.at(-1);
  if (!last) return "The input";
  const name = words(last);
  const lastIndex = path.findLastIndex((k) => typeof k === "number");
  const lastKey = path.findLastIndex((k) => typeof k === "string");
  if (lastIndex > 0 && lastIndex < lastKey && typeof path[lastIndex - 1] === "string") {
    const owner = singular(words(path[lastIndex - 1] as string)).toLowerCase();
    return capitalise(`${name.toLowerCase()} of ${owner} ${(path[lastIndex] as number) + 1}`);
  }
  return capitalise(name);
}

const TYPE_NOUN: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  date: "a date",
  bigint: "a whole number",
};

const FORMAT_NOUN: Record<string, string> = {
  email: "a valid e-mail address",
  url: "a valid URL",
  uuid: "a valid id",
  cuid: "a valid id",
  cuid2: "a valid id",
  datetime: "a date and time (ISO 8601)",
  date: "a date (YYYY-MM-DD)",
  regex: "in the expected format",
};

/** "modelOverrides" → "model overrides", "max_tokens" → "max tokens". */
function words(key: string): string {
  return key.replace(/[_-]+/g, " ").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

const singular = (w: string) => (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w);
const capitalise = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);
const count = (n: number, noun: string) => `${n.toLocaleString("en")} ${n === 1 ? noun : `${noun}s`}`;
const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
const quote = (v: unknown) => (typeof v === "string" ? `"${clip(v)}"` : String(v));
const asSentence = (s: string) => {
  const text = capitalise(s.trim());
  return /[.!?]$/.test(text) ? text : `${text}.`;
};
