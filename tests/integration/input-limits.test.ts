import { describe, expect, it } from "vitest";
import { appRouter } from "@/server/api";

// Every tRPC input is bounded in its schema: a string has a maximum length (or an anchored pattern of
// bounded length), an array a maximum number of items, and nothing accepts arbitrary values. A new
// procedure that forgets a limit fails here, before a 20 MB string reaches a service.

type Def = { type: string; [key: string]: unknown };
type Schema = { def: Def };

function checksOf(def: Def): { check: string; maximum?: number; format?: string; pattern?: RegExp }[] {
  return ((def.checks as { _zod: { def: never } }[] | undefined) ?? []).map((c) => c._zod.def);
}

const BOUNDED_PATTERN = (p: RegExp) => p.source.startsWith("^") && p.source.endsWith("$") && !/[*+]|\{\d+,\}/.test(p.source);

function problems(schema: Schema, where: string, out: string[], depth = 0): void {
  const def = schema.def;
  if (depth > 20) return;
  const inner = (s: unknown, w = where) => problems(s as Schema, w, out, depth + 1);
  switch (def.type) {
    case "object":
      for (const [key, value] of Object.entries(def.shape as Record<string, Schema>)) inner(value, `${where}.${key}`);
      if (def.catchall && (def.catchall as Schema).def.type !== "never") out.push(`${where}: accepts any extra keys`);
      return;
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
    case "nonoptional":
      return inner(def.innerType);
    case "pipe":
      return inner(def.in);
    case "string": {
      const checks = checksOf(def);
      const max = checks.some((c) => c.check === "max_length" || c.check === "length_equals");
      const pattern = checks.some((c) => c.check === "string_format" && c.pattern && BOUNDED_PATTERN(c.pattern));
      if (!max && !pattern) out.push(`${where}: string without a maximum length`);
      return;
    }
    case "array":
      if (!checksOf(def).some((c) => c.check === "max_length" || c.check === "length_equals")) out.push(`${where}: array without a maximum size`);
      return inner(def.element, `${where}[]`);
    case "union":
      return (def.options as Schema[]).forEach((o, i) => inner(o, `${where}|${i}`));
    case "tuple":
      return (def.items as Schema[]).forEach((o, i) => inner(o, `${where}[${i}]`));
    case "record":
      out.push(`${where}: record (unbounded number of keys)`);
      return;
    case "any":
    case "unknown":
      out.push(`${where}: accepts any value`);
      return;
    default:
      return; // numbers, booleans, enums, literals, dates: bounded by type
  }
}

describe("input limits", () => {
  it("bounds every string and array in every procedure's input", () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { inputs: Schema[] } }>;
    const found: string[] = [];
    for (const [path, procedure] of Object.entries(procedures)) {
      for (const input of procedure._def.inputs) problems(input, path, found);
    }
    console.log(`input limits: ${Object.keys(procedures).length} procedures checked, ${found.length} unbounded fields`);
    expect(found).toEqual([]);
  });
});
