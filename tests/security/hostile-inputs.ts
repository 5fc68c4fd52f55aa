// Hand-made hostile inputs: the shapes that found issue 6's 5xx (NUL, deep arrays, superjson metadata for
// unknown keys) and their relatives. Each case is a raw HTTP body (or query string), not a JS value, so
// malformed JSON and metadata that superjson itself chokes on reach the server as a client would send them.

export const HOSTILE_STRINGS = [
  "nul\u0000inside",
  "\u0000",
  "\uD800", // lone high surrogate: valid JS, invalid UTF-16; Postgres refuses it in jsonb
  "lone low \uDC00 surrogate",
  "\u202Eevil.exe\u202C", // right-to-left override
  "zero\u200Bwidth\uFEFF",
  "\uFFFF\uFFFE",
  "emoji 👩‍👩‍👧‍👦 and combining é",
  "'; DROP TABLE \"User\"; --",
  "../../../../etc/passwd",
  "%00%2e%2e%2f",
  "<script>alert(1)</script>",
  "${jndi:ldap://x}",
  "   ",
  "",
];

/** An array nested `depth` deep, built as JSON text (a JS value that deep would break our own stringify). */
export const deepArrayJson = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
export const deepObjectJson = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

export type HostileCase = {
  name: string;
  /** The superjson envelope as JSON text; undefined sends no input at all. */
  body: string | undefined;
  /** Content type to claim; JSON unless the case is about the type itself. */
  contentType?: string;
  /** Also sent by a user of another org and anonymously (their refusals must not land in this org's audit log). */
  strangers?: boolean;
};

const env = (json: string, meta?: string) => (meta ? `{"json":${json},"meta":${meta}}` : `{"json":${json}}`);

/** Replaces the first string field of a valid input (or adds `name`) with `value`, as JSON text. */
function withStringField(valid: Record<string, unknown> | undefined, value: string, key?: string): string {
  const obj = { ...(valid ?? {}) };
  const target = key ?? Object.keys(obj).find((k) => typeof obj[k] === "string") ?? "name";
  obj[target] = value;
  return JSON.stringify(obj);
}

/**
 * Hostile variants for one procedure, built around a valid input (so each reaches as far into the
 * procedure as its hostile part lets it): extra keys, metadata, nesting, encodings, sizes, syntax.
 */
export function hostileCases(valid: Record<string, unknown> | undefined): HostileCase[] {
  const v = JSON.stringify(valid ?? {});
  const plus = (extra: string) => (v === "{}" ? `{${extra}}` : `${v.slice(0, -1)},${extra}}`);
  const stringKeys = Object.keys(valid ?? {}).filter((k) => typeof valid![k] === "string");
  const cases: HostileCase[] = [
    { name: "the valid input (control: the hostile cases start from here)", body: valid === undefined ? undefined : env(v), strangers: true },
    { name: "malformed JSON", body: "{not json" },
    { name: "truncated JSON", body: env(v).slice(0, -3) },
    { name: "JSON null", body: "null" },
    { name: "JSON array", body: "[1,2,3]" },
    { name: "JSON string", body: '"hello"' },
    { name: "envelope without json", body: '{"meta":{}}' },
    { name: "json null", body: env("null") },
    { name: "json of the wrong type", body: env('"just a string"') },
    { name: "extra unknown keys", body: env(plus('"extra":"x","isAdmin":true,"orgId2":"o"')) },
    { name: "__proto__ key", body: env(plus('"__proto__":{"polluted":true}')) },
    { name: "constructor.prototype key", body: env(plus('"constructor":{"prototype":{"polluted":true}}')) },
    { name: "superjson Date meta on an unknown key", body: env(plus('"x":"2020-01-01T00:00:00.000Z"'), '{"values":{"x":["Date"]}}'), strangers: true },
    { name: "superjson Date meta on a missing key", body: env(v, '{"values":{"nope":["Date"]}}') },
    { name: "superjson invalid Date", body: env(plus('"x":"not a date"'), '{"values":{"x":["Date"]}}') },
    { name: "superjson bigint meta", body: env(plus('"x":"123456789012345678901234567890"'), '{"values":{"x":["bigint"]}}') },
    { name: "superjson map/set meta", body: env(plus('"m":[["k","v"]],"s":[1,2]'), '{"values":{"m":["map"],"s":["set"]}}') },
    { name: "superjson regexp meta", body: env(plus('"r":"/(a+)+$/"'), '{"values":{"r":["regexp"]}}') },
    { name: "superjson unknown class meta", body: env(plus('"c":{}'), '{"values":{"c":[["class","Nope"]]}}') },
    { name: "superjson custom meta", body: env(plus('"c":"x"'), '{"values":{"c":[["custom","Nope"]]}}') },
    { name: "superjson __proto__ meta path", body: env(v, '{"values":{"__proto__.polluted":["Date"]}}') },
    { name: "superjson referential equalities", body: env(plus('"a":{},"b":{}'), '{"referentialEqualities":{"a":["b","__proto__"]}}') },
    { name: "superjson meta of the wrong type", body: env(v, '"not an object"') },
    { name: "superjson NaN/Infinity meta", body: env(plus('"n":"NaN","i":"Infinity"'), '{"values":{"n":["number"],"i":["number"]}}') },
    { name: "10,000-deep array in an unknown key", body: env(plus(`"deep":${deepArrayJson(10_000)}`)) },
    { name: "10,000-deep object in an unknown key", body: env(plus(`"deep":${deepObjectJson(10_000)}`)) },
    { name: "10,000-deep array as the input", body: env(deepArrayJson(10_000)) },
    { name: "NUL in an unknown key", body: env(plus('"x":"a\\u0000b"')) },
    { name: "NUL in a key name", body: env(plus('"a\\u0000b":1')) },
    { name: "lone surrogate in an unknown key", body: env(plus('"x":"\\ud800"')) },
    { name: "1 MB string in an unknown key", body: env(plus(`"x":"${"a".repeat(1024 * 1024)}"`)), strangers: true },
    { name: "900 KB string in an unknown key (under the body limit)", body: env(plus(`"x":"${"a".repeat(900 * 1024)}"`)), strangers: true },
    { name: "100,000-item array in an unknown key", body: env(plus(`"x":[${Array(100_000).fill("1").join(",")}]`)) },
    { name: "text/plain content type", body: env(v), contentType: "text/plain" },
    { name: "form content type", body: "json=1", contentType: "application/x-www-form-urlencoded" },
  ];
  // Encodings and sizes in every string field; the type confusions in the first one only.
  for (const key of stringKeys) {
    cases.push(
      { name: `NUL in ${key}`, body: env(withStringField(valid, `${String(valid![key])}\u0000x`, key)) },
      { name: `lone surrogate in ${key}`, body: env(withStringField(valid, `${String(valid![key])}\uD800`, key)) },
      { name: `100 KB ${key}`, body: env(withStringField(valid, "b".repeat(100 * 1024), key)), strangers: key === stringKeys[0] },
    );
  }
  const first = stringKeys[0];
  if (first) {
    cases.push(
      { name: `odd unicode in ${first}`, body: env(withStringField(valid, `\u202E${String(valid![first])}\u200B\uFEFF👩‍👩‍👧`, first)) },
      { name: `${first} as a number`, body: env(JSON.stringify({ ...valid, [first]: 12345 })) },
      { name: `${first} as a 10,000-deep array`, body: env(withStringField(valid, "", first).replace(`"${first}":""`, `"${first}":${deepArrayJson(10_000)}`)) },
    );
  }
  return cases;
}
