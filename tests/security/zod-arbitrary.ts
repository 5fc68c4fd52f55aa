// fast-check arbitraries derived from zod 4 schemas (no maintained zod-4 bridge is installed; this walker
// covers the schema kinds our procedure inputs use and falls back to fc.anything() for the rest).
// Mostly valid values, so calls get past validation into the services, mixed with hostile ones.
import fc from "fast-check";
import type { z } from "zod";
import { HOSTILE_STRINGS } from "./hostile-inputs";

type Def = { type: string; [k: string]: unknown };
type Check = { check?: string; format?: string; minimum?: number; maximum?: number; value?: number; inclusive?: boolean; pattern?: RegExp };
type Schema = z.ZodType | { _zod: { def: Def } };

export type ArbitraryOptions = {
  /** Real ids for id-like keys (orgId, projectId, …), so calls reach the services instead of stopping at NOT_FOUND. */
  ids?: (key: string) => string[];
  /** Weight of hostile values (NUL, odd unicode, wrong types) against valid ones; 0 disables them. */
  hostileWeight?: number;
};

const def = (s: Schema): Def => (s as { _zod: { def: Def } })._zod.def;
const checksOf = (s: Schema): Check[] =>
  ((def(s).checks as { _zod: { def: Check } }[] | undefined) ?? []).map((c) => c._zod.def);

const ID_KEY = /(^id$|Id$|^token$|^sha$|^cursor$)/;
const MAX_LEN = 300; // property runs stay small; huge values are the hostile list's job
const MAX_ITEMS = 6;

function stringArbitrary(s: Schema): fc.Arbitrary<string> {
  let min = 0;
  let max = MAX_LEN;
  let pattern: RegExp | undefined;
  let format: string | undefined;
  for (const c of checksOf(s)) {
    if (c.check === "min_length" && c.minimum !== undefined) min = c.minimum;
    if (c.check === "max_length" && c.maximum !== undefined) max = Math.min(c.maximum, MAX_LEN);
    if (c.check === "length_equals" && c.value !== undefined) min = max = Math.min(c.value, MAX_LEN);
    if (c.check === "string_format") {
      format = c.format;
      if (c.pattern) pattern = c.pattern;
    }
  }
  max = Math.max(max, min);
  const fits = (v: string) => v.length >= min && v.length <= max;
  if (format === "email") return fc.emailAddress().filter(fits);
  if (pattern) return fc.stringMatching(pattern).filter(fits);
  return fc.oneof(
    fc.string({ minLength: min, maxLength: Math.min(max, 40) }),
    fc.string({ minLength: min, maxLength: max, unit: "grapheme" }),
  );
}

function numberArbitrary(s: Schema): fc.Arbitrary<number> {
  let min = -1e9;
  let max = 1e9;
  let int = false;
  for (const c of checksOf(s)) {
    if (c.check === "number_format" && /int/.test(c.format ?? "")) int = true;
    if (c.check === "greater_than" && c.value !== undefined) min = c.value + (c.inclusive ? 0 : int ? 1 : 1e-9);
    if (c.check === "less_than" && c.value !== undefined) max = c.value - (c.inclusive ? 0 : int ? 1 : 1e-9);
  }
  return int ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true });
}

/** Values that break types or encodings: what a hostile client sends instead of a well-formed field. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: "binary", maxLength: 60 }), // every code point, lone surrogates and NUL included
  fc.constantFrom(null, true, 0, -1, Number.MAX_SAFE_INTEGER + 2, Number.NaN, Number.POSITIVE_INFINITY, [], {}),
  fc.date({ noInvalidDate: false }),
);

export function arbitraryFor(schema: Schema, opts: ArbitraryOptions = {}, key = ""): fc.Arbitrary<unknown> {
  const hostile = opts.hostileWeight ?? 1;
  const mix = (valid: fc.Arbitrary<unknown>) =>
    hostile > 0 ? fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: hostileValue, weight: hostile }) : valid;
  const d = def(schema);
  switch (d.type) {
    case "string": {
      const ids = ID_KEY.test(key) ? (opts.ids?.(key) ?? []) : [];
      const plain = stringArbitrary(schema);
      if (ids.length && hostile === 0) return fc.constantFrom(...ids); // a valid input names real things
      return mix(ids.length ? fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 4 }, { arbitrary: plain, weight: 1 }) : plain);
    }
    case "number":
      return mix(numberArbitrary(schema));
    case "boolean":
      return mix(fc.boolean());
    case "date":
      return mix(fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01") }));
    case "enum":
      return mix(fc.constantFrom(...Object.values(d.entries as Record<string, string>)));
    case "literal":
      return mix(fc.constantFrom(...(d.values as unknown[])));
    case "optional":
    case "default":
    case "prefault":
      return fc.oneof(fc.constant(undefined), arbitraryFor(d.innerType as Schema, opts, key));
    case "nullable":
      return fc.oneof(fc.constant(null), arbitraryFor(d.innerType as Schema, opts, key));
    case "readonly":
    case "catch":
    case "nonoptional":
      return arbitraryFor(d.innerType as Schema, opts, key);
    case "pipe":
      return arbitraryFor(d.in as Schema, opts, key);
    case "union":
      return fc.oneof(...(d.options as Schema[]).map((o) => arbitraryFor(o, opts, key)));
    case "array": {
      let min = 0;
      let max = MAX_ITEMS;
      for (const c of checksOf(schema)) {
        if (c.check === "min_length" && c.minimum !== undefined) min = c.minimum;
        if (c.check === "max_length" && c.maximum !== undefined) max = Math.min(c.maximum, MAX_ITEMS);
      }
      return mix(fc.array(arbitraryFor(d.element as Schema, opts, key), { minLength: min, maxLength: Math.max(min, max) }));
    }
    case "object":
      return mix(objectArbitrary([schema], opts));
    case "record":
      return mix(fc.dictionary(fc.string({ maxLength: 20 }), arbitraryFor(d.valueType as Schema, opts), { maxKeys: MAX_ITEMS }));
    default:
      return fc.anything();
  }
}

/**
 * One object from several object schemas (a tRPC procedure's chained `.input()`s are merged), now
 * and then with unknown extra keys, which zod strips but middleware (audit) may still see.
 */
export function objectArbitrary(schemas: Schema[], opts: ArbitraryOptions = {}): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const s of schemas) {
    const shape = (def(s).shape ?? {}) as Record<string, Schema>;
    for (const [k, v] of Object.entries(shape)) {
      model[k] = arbitraryFor(v, opts, k);
      if (!["optional", "default", "prefault"].includes(def(v).type)) required.push(k);
    }
  }
  const base = fc.record(model, { requiredKeys: required });
  if (!opts.hostileWeight) return base;
  const extra = fc.dictionary(fc.constantFrom("extra", "__proto__", "constructor", "x\u0000y", "password", "deep"), hostileValue, { maxKeys: 2 });
  return fc.oneof({ arbitrary: base, weight: 4 }, { arbitrary: fc.tuple(base, extra).map(([b, e]) => ({ ...e, ...b })), weight: 1 });
}

/** The arbitrary for a procedure's whole input (undefined for procedures that take none). */
export function procedureInputArbitrary(inputs: Schema[], opts: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  if (inputs.length === 0) return fc.constant(undefined);
  if (inputs.every((s) => def(s).type === "object")) return objectArbitrary(inputs, opts);
  return arbitraryFor(inputs[0]!, opts);
}
