import "server-only";

// Checks a tRPC request's raw JSON before superjson or zod see it. Hostile shapes that would
// otherwise surface as 500s (deep nesting → stack overflow, NUL characters → Postgres 22021, lone
// surrogates → invalid JSON for Postgres, superjson metadata that invents values for fields the
// procedure does not have) end here in a 400 with a sentence.

const MAX_DEPTH = 32;
const MAX_NODES = 20_000;
const MAX_STRING = 100_000;
const MAX_KEY = 200;
/** Superjson annotations our client sends; anything else (map, set, bigint, custom classes) is refused. */
const ALLOWED_TYPES = new Set(["Date", "undefined"]);

type ZodLike = { shape?: Record<string, unknown>; def?: { catchall?: unknown } };
type ProcedureLike = { _def: { inputs: unknown[] } };

export type InputShapes = (path: string) => Set<string> | null;

/** The top-level input keys a procedure accepts (null: no fixed set, e.g. a non-object input). */
export function inputShapes(procedures: Record<string, unknown>): InputShapes {
  const cache = new Map<string, Set<string> | null>();
  return (path) => {
    if (cache.has(path)) return cache.get(path)!;
    const procedure = procedures[path] as ProcedureLike | undefined;
    let keys: Set<string> | null = null;
    const parsers = (procedure?._def.inputs ?? []) as ZodLike[];
    if (parsers.length && parsers.every((p) => p.shape && !isLoose(p))) {
      keys = new Set(parsers.flatMap((p) => Object.keys(p.shape!)));
    }
    cache.set(path, keys);
    return keys;
  };
}

function isLoose(schema: ZodLike): boolean {
  const catchall = schema.def?.catchall as { def?: { type?: string } } | undefined;
  return !!catchall && catchall.def?.type !== "never";
}

/** A sentence saying what is wrong with one procedure's raw (superjson-encoded) input, or null. */
export function trpcInputProblem(raw: unknown, allowedKeys: Set<string> | null): string | null {
  const shape = jsonProblem(raw);
  if (shape) return shape;
  const envelope = isObject(raw) && "json" in raw ? raw : { json: raw };
  const extra = Object.keys(envelope).filter((k) => k !== "json" && k !== "meta");
  if (extra.length) return "The request is malformed (unexpected fields next to the input).";
  const json = envelope.json;
  if (allowedKeys && isObject(json)) {
    const unknown = Object.keys(json).filter((k) => !allowedKeys.has(k));
    if (unknown.length) return `Unknown field${unknown.length > 1 ? "s" : ""}: ${unknown.slice(0, 5).map(quote).join(", ")}.`;
  }
  return "meta" in envelope ? metaProblem(envelope.meta, json, allowedKeys) : null;
}

/** Structure limits on any JSON value: depth, size, string contents. Iterative: deep input cannot overflow it. */
export function jsonProblem(value: unknown): string | null {
  const stack: [unknown, number][] = [[value, 0]];
  let nodes = 0;
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (++nodes > MAX_NODES) return "The input is too large.";
    if (typeof v === "string") {
      const problem = textProblem(v, MAX_STRING);
      if (problem) return problem;
    } else if (v !== null && typeof v === "object") {
      if (depth >= MAX_DEPTH) return `The input is nested too deeply (at most ${MAX_DEPTH} levels).`;
      if (Array.isArray(v)) for (const item of v) stack.push([item, depth + 1]);
      else
        for (const [key, item] of Object.entries(v)) {
          const problem = textProblem(key, MAX_KEY);
          if (problem) return problem;
          stack.push([item, depth + 1]);
        }
    }
  }
  return null;
}

function textProblem(text: string, max: number): string | null {
  if (text.length > max) return `A text in the input is too long (at most ${max.toLocaleString("en")} characters).`;
  if (text.includes("\u0000")) return "Text may not contain NUL characters.";
  if (!text.isWellFormed()) return "Text contains invalid Unicode (a lone surrogate).";
  return null;
}

function metaProblem(meta: unknown, json: unknown, allowedKeys: Set<string> | null): string | null {
  if (!isObject(meta) || Object.keys(meta).some((k) => k !== "values" && k !== "v")) {
    return "The request's type information is not supported.";
  }
  const values = meta.values;
  if (values === undefined) return null;
  // Root annotation: the whole input is one value, e.g. ["undefined"].
  if (Array.isArray(values)) return annotationProblem(values, json, "the input");
  if (!isObject(values)) return "The request's type information is not supported.";
  for (const [path, annotation] of Object.entries(values)) {
    const segments = path.split(".");
    if (allowedKeys && !allowedKeys.has(segments[0]!)) return `Unknown field: ${quote(segments[0]!)}.`;
    const target = resolve(json, segments);
    if (!target.found) return `The request's type information names a field that is not there (${quote(path)}).`;
    const problem = annotationProblem(annotation, target.value, quote(path));
    if (problem) return problem;
  }
  return null;
}

function annotationProblem(annotation: unknown, value: unknown, where: string): string | null {
  if (!Array.isArray(annotation) || annotation.length !== 1 || !ALLOWED_TYPES.has(annotation[0] as string)) {
    return `Unsupported value type for ${where}.`;
  }
  if (annotation[0] === "Date" && (typeof value !== "string" || Number.isNaN(new Date(value).getTime()))) {
    return `${where[0]!.toUpperCase()}${where.slice(1)} is not a valid date.`;
  }
  return null;
}

function resolve(value: unknown, segments: string[]): { found: boolean; value?: unknown } {
  let current = value;
  for (const segment of segments) {
    if (segment === "__proto__" || segment === "constructor" || segment === "prototype") return { found: false };
    if (!isObject(current) && !Array.isArray(current)) return { found: false };
    if (!Object.hasOwn(current, segment)) return { found: false };
    current = (current as Record<string, unknown>)[segment];
  }
  return { found: true, value: current };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function quote(key: string): string {
  return `"${key.length > 40 ? `${key.slice(0, 40)}…` : key}"`;
}
