import "server-only";
import type { z } from "zod";

// Validation problems in two voices: for the model (path: problem, so it can fix the exact field) and
// for people (a sentence: "task 2 has no role"). Never zod's own dump.

export type Path = (string | number)[];
/** Names the thing at a path ("task 2"); undefined falls back to the generic wording. */
export type Labeller = (path: Path) => string | undefined;

export type Problem = { path: Path; forModel: string; forPeople: string };

/**
 * `what` names the whole answer ("plan"); `label` may name parts of it (["tasks", 1] → "task 2");
 * `input` is what was validated, so a field that is simply absent reads as missing whatever the schema.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], what: string, label?: Labeller, input?: unknown): Problem[] {
  const name = (path: Path): string => label?.(path) ?? defaultLabel(path, what, name);
  const out: Problem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    const problem = input !== undefined && valueAt(input, path) === undefined ? { text: "is missing", missing: true } : issueText(issue);
    out.push({ path, forModel: `${modelPath(path) || "(the whole answer)"}: ${problem.text}`, forPeople: sentence(path, problem, name) });
  }
  return out;
}

/** A sentence-level problem that is not tied to one field (a cycle, a duplicate), in both voices. */
export const freeProblem = (text: string): Problem => ({ path: [], forModel: text, forPeople: text });

type IssueText = { text: string; missing: boolean };

function valueAt(input: unknown, path: Path): unknown {
  let at = input;
  for (const p of path) {
    if (typeof at !== "object" || at === null) return undefined;
    at = (at as Record<string | number, unknown>)[p];
  }
  return at;
}

function issueText(issue: z.core.$ZodIssue): IssueText {
  switch (issue.code) {
    case "invalid_type":
      if (/received undefined/.test(issue.message)) return { text: "is missing", missing: true };
      return { text: `should be ${article(issue.expected)}`, missing: false };
    case "too_small":
      return { text: sizeText("at least", issue.origin, issue.minimum), missing: false };
    case "too_big":
      return { text: sizeText("at most", issue.origin, issue.maximum), missing: false };
    case "invalid_value":
      return { text: `should be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`, missing: false };
    case "invalid_union":
      return { text: "has a value of the wrong kind", missing: false };
    case "invalid_format":
      // Our schemas give formats a readable message ("task keys are lowercase words joined by dashes").
      return { text: customOr(issue.message, `is not in the expected format`), missing: false };
    default:
      return { text: customOr(issue.message, "is not valid"), missing: false };
  }
}

/** zod's default messages start with "Invalid"/"Too"; anything else was written for people. */
const customOr = (message: string, fallback: string) => (/^(invalid|too |expected)/i.test(message) ? fallback : message);

function sizeText(bound: "at least" | "at most", origin: string, n: number | bigint): string {
  const count = Number(n);
  if (origin === "string") return `should have ${bound} ${count} character${count === 1 ? "" : "s"}`;
  if (origin === "array" || origin === "set") return `should have ${bound} ${count} item${count === 1 ? "" : "s"}`;
  return `should be ${bound} ${count}`;
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function sentence(path: Path, problem: IssueText, name: (p: Path) => string): string {
  if (path.length === 0) return `the ${problem.missing ? "answer is empty" : `answer ${problem.text}`}`;
  const last = path[path.length - 1]!;
  if (typeof last === "number") return `${name(path)} ${problem.text}`;
  const owner = name(path.slice(0, -1));
  if (problem.missing) return `${owner} has no ${words(last)}`;
  return `${possessive(owner)} ${words(last)} ${problem.text}`;
}

function defaultLabel(path: Path, what: string, name: (p: Path) => string): string {
  if (path.length === 0) return `the ${what}`;
  const last = path[path.length - 1]!;
  const parent = path.slice(0, -1);
  if (typeof last === "number") return `item ${last + 1} of ${possessive(name(parent))} ${words(String(parent[parent.length - 1] ?? "list"))}`;
  return `${possessive(name(parent))} ${words(last)}`;
}

/** "acceptanceCriteria" → "acceptance criteria". */
export const words = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase();
const possessive = (s: string) => (s.endsWith("s") ? `${s}'` : `${s}'s`);
const modelPath = (path: Path) => path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
