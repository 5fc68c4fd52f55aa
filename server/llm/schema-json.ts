import "server-only";
import type { AnySchema } from "./gateway-types";

// The JSON Schema of a tool or output schema, zod or AI SDK Schema (jsonSchema() of "ai"), for token
// estimates. Tool specs are module constants: convert each once, not on every step.

const cache = new WeakMap<object, unknown>();

export function safeJsonSchema(schema: AnySchema): unknown {
  if (!cache.has(schema)) cache.set(schema, convert(schema));
  return cache.get(schema);
}

function convert(schema: AnySchema): unknown {
  if ("toJSONSchema" in schema && typeof schema.toJSONSchema === "function") {
    try {
      return schema.toJSONSchema();
    } catch {
      return null; // a schema JSON Schema cannot express (a transform): its description still counts
    }
  }
  if ("jsonSchema" in schema) {
    const json: unknown = schema.jsonSchema;
    // A deferred schema (a promise) is not read here: estimates must stay synchronous.
    return json && typeof (json as PromiseLike<unknown>).then === "function" ? null : json;
  }
  return null;
}
