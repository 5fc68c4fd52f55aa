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
  /** Real values by key name (orgId, projectId, a current password…), so calls reach the services, not just NOT_FOUND. */
  pools?: (key: string) => unknown[];
  /** Weight of hostile values (NUL, odd unicode, wrong types) against valid ones; 0 disables them. */
  hostileWeight?: number;
};

const def = (s: Schema): Def => (s as { _zod: { def: Def } })._zod.def;
const checksOf = (s: Schema): Check[] =>
  ((def(s).checks as { _zod: { def: Check } }[] | undefined) ?? []).map((c) => c._zod.def);

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
  if (format === "email") {
    // Mostly the plain addresses people have (RFC 5322's exotic ones are refused by most apps, ours too).
    const plain = fc
      .tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,11}[a-z0-9]$/), fc.stringMatching(/^[a-z]{2,10}$/), fc.constantFrom("test", "example", "org"))
      .map(([local, domain, tld]) => `${local}@${domain}.${tld}`)
      .filter((e) => !e.includes(".."));
    return fc.oneof({ arbitrary: plain, weight: 3 }, { arbitrary: fc.emailAddress(), weight: 1 }).filter(fits);
  }
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

export function arbitraryFor(schema: Schema, opts: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const hostile = opts.hostileWeight ?? 1;
  const mix = (valid: fc.Arbitrary<unknown>) =>
    hostile > 0 ? fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: hostileValue, weight: hostile }) : valid;
  const d = def(schema);
  switch (d.type) {
    case "string":
      return mix(stringArbitrary(schema));
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
      // A valid input fills optional fields too: some are required in practice (a new account's name).
      if (hostile === 0) return arbitraryFor(d.innerType as Schema, opts);
      return fc.oneof(fc.constant(undefined), arbitraryFor(d.innerType as Schema, opts));
    case "nullable":
      return fc.oneof(fc.constant(null), arbitraryFor(d.innerType as Schema, opts));
    case "readonly":
    case "catch":
    case "nonoptional":
      return arbitraryFor(d.innerType as Schema, opts);
    case "pipe":
      return arbitraryFor(d.in as Schema, opts);
    case "union":
      return fc.oneof(...(d.options as Schema[]).map((o) => arbitraryFor(o, opts)));
    case "array": {
      let min = 0;
      let max = MAX_ITEMS;
      for (const c of checksOf(schema)) {
        if (c.check === "min_length" && c.minimum !== undefined) min = c.minimum;
        if (c.check === "max_length" && c.maximum !== undefined) max = Math.min(c.maximum, MAX_ITEMS);
      }
      return mix(fc.array(arbitraryFor(d.element as Schema, opts), { minLength: min, maxLength: Math.max(min, max) }));
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
      // A key with real values (an id, a current password, a whole plan) mostly takes one of them.
      const pool = opts.pools?.(k) ?? [];
      const generated = arbitraryFor(v, opts);
      model[k] = !pool.length
        ? generated
        : opts.hostileWeight
          ? fc.oneof({ arbitrary: fc.constantFrom(...pool), weight: 4 }, { arbitrary: generated, weight: 1 })
          : fc.constantFrom(...pool);
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
  const objectLike = (s: Schema) => def(s).type === "object" || (def(s).type === "union" && (def(s).options as Schema[]).every((o) => def(o).type === "object"));
  if (!inputs.every(objectLike)) return arbitraryFor(inputs[0]!, opts);
  // Chained inputs are merged; a (discriminated) union contributes one of its object options.
  const objects = inputs.filter((s) => def(s).type === "object");
  const unions = inputs.filter((s) => def(s).type === "union");
  const parts = unions.map((u) => fc.oneof(...(def(u).options as Schema[]).map((o) => objectArbitrary([o], opts))));
  // Spread, not Object.assign: a generated own `__proto__` key must stay a key.
  return fc.tuple(objectArbitrary(objects, opts), ...parts).map(([base, ...rest]) => rest.reduce<Record<string, unknown>>((acc, r) => ({ ...acc, ...r }), { ...base }));
}
