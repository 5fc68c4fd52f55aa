import "server-only";
import type { z } from "zod";
import { extractJson } from "./extract-json";
import { parseJson } from "./parse-json";
import { describeIssues, freeProblem, type Labeller, type Problem } from "./problems";

// One answer through the repair pipeline: cut out the JSON → parse (repairing it if needed) → the
// caller's normaliser → schema → the caller's own checks. Pure: the gateway call lives in the loop.

export type Interpretation<OUT> =
  | {
      ok: true;
      value: OUT;
      repairs: string[];
      /** The JSON itself was broken and jsonrepair fixed it (it also closes a cut-off answer, so the caller must know). */
      repairedJson: boolean;
    }
  | { ok: false; problems: Problem[] };

export type InterpretOptions<OUT> = {
  schema: z.ZodType<OUT>;
  /** What the answer is, for sentences: "plan" → "The model's plan could not be used…". */
  what: string;
  /** Fixes what can be fixed without the model (case, synonyms, strings for numbers); `note` reports each fix. */
  normalise?: (raw: unknown, note: (repair: string) => void) => unknown;
  /** Problems the schema cannot see (a dependency cycle), as sentences; any of them sends the answer back. */
  check?: (value: OUT) => string[];
  /** Names parts of the answer in sentences (["tasks", 1] → "task 2"). */
  label?: Labeller;
};

export function interpret<OUT>(answer: string, opts: InterpretOptions<OUT>): Interpretation<OUT> {
  const extracted = extractJson(answer);
  const parsed = parseJson(extracted.text);
  if (!parsed.ok) return { ok: false, problems: [freeProblem(parsed.problem)] };
  const repairs = [...extracted.repairs, ...parsed.repairs];
  let raw = parsed.value;
  if (opts.normalise) {
    const notes: string[] = [];
    try {
      raw = opts.normalise(raw, (n) => notes.push(n));
    } catch {
      // A normaliser meets shapes nobody foresaw; the schema will say what is wrong with the original.
      raw = parsed.value;
      notes.length = 0;
    }
    repairs.push(...notes);
  }
  const result = opts.schema.safeParse(raw);
  if (!result.success) return { ok: false, problems: describeIssues(result.error.issues, opts.what, opts.label, raw) };
  const problems = opts.check?.(result.data) ?? [];
  if (problems.length) return { ok: false, problems: problems.map(freeProblem) };
  return { ok: true, value: result.data, repairs: [...new Set(repairs)], repairedJson: parsed.repairs.length > 0 };
}
