import "server-only";

// A deterministic serialisation for cache keys: the same value gives the same text whatever order its
// object keys were built in. JSON.stringify keeps insertion order, so two equal requests assembled
// differently would hash differently and never hit.

/** Thrown for a value the serialisation cannot represent faithfully (a function, a symbol, a cycle). */
export class NotSerialisable extends Error {
  constructor(what: string) {
    super(`A cache key cannot represent ${what}.`);
    this.name = "NotSerialisable";
  }
}

/**
 * JSON with object keys sorted (by UTF-16 code units, as Array.prototype.sort does) and `undefined`
 * properties dropped, as JSON does. Binary data (Uint8Array, ArrayBuffer) becomes a tagged base64 string,
 * Dates their ISO text and URLs their href, so file parts of a message key by their content.
 */
export function stableStringify(value: unknown): string {
  return write(value, new Set());
}

function write(value: unknown, seen: Set<object>): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      // JSON has no NaN or Infinity; refuse rather than collapse them into null (a different request).
      if (!Number.isFinite(value)) throw new NotSerialisable(String(value));
      return JSON.stringify(value);
    case "bigint":
      return JSON.stringify(`bigint:${value.toString()}`);
    case "undefined":
      return "null"; // only reachable inside arrays (JSON writes null there too); object properties skip it
    case "function":
    case "symbol":
      throw new NotSerialisable(`a ${typeof value}`);
  }
  const obj = value as object;
  if (obj instanceof Date) return JSON.stringify(`date:${obj.toISOString()}`);
  if (obj instanceof URL) return JSON.stringify(`url:${obj.href}`);
  if (obj instanceof Uint8Array) return JSON.stringify(`bytes:${Buffer.from(obj.buffer, obj.byteOffset, obj.byteLength).toString("base64")}`);
  if (obj instanceof ArrayBuffer) return JSON.stringify(`bytes:${Buffer.from(obj).toString("base64")}`);
  if (seen.has(obj)) throw new NotSerialisable("a cyclic value");
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return `[${obj.map((v) => write(v, seen)).join(",")}]`;
    if (obj instanceof Map || obj instanceof Set) throw new NotSerialisable(`a ${obj.constructor.name}`);
    const parts: string[] = [];
    for (const key of Object.keys(obj).sort()) {
      const v = (obj as Record<string, unknown>)[key];
      if (v === undefined) continue;
      parts.push(`${JSON.stringify(key)}:${write(v, seen)}`);
    }
    return `{${parts.join(",")}}`;
  } finally {
    seen.delete(obj);
  }
}
