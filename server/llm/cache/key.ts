import "server-only";
import { createHash } from "node:crypto";
import { asSchema, type ModelMessage } from "ai";
import { z } from "zod";
import { NotSerialisable, stableStringify } from "./stable-json";

// The exact-match key: everything that decides a deterministic model's answer, and nothing else
// (scope, budgets and routing reasons do not change what the model says).

/** Bump when the serialisation changes: old entries then simply stop matching and expire. */
const KEY_VERSION = 1;

export type CacheableInput = { temperature?: number; cache?: boolean; routing?: { failures?: number }; toolChoice?: unknown; stopSequences?: string[]; seed?: number };

/** Whether a call may be answered from (and stored in) the response cache, before the model is known. */
export function isCacheableRequest(opts: CacheableInput, ttlSeconds: number): boolean {
  // Only deterministic calls: at any other temperature two identical requests may rightly answer differently.
  // A task that failed before is being tried again: replaying the answer it got last time would defeat that.
  // A forced tool choice, stop sequences or a seed change the answer, and the gateway's cache step does not put
  // them in the key: such calls are never cached rather than answered with another request's answer.
  const unkeyed = opts.toolChoice !== undefined || (opts.stopSequences?.length ?? 0) > 0 || opts.seed !== undefined;
  return ttlSeconds > 0 && opts.temperature === 0 && opts.cache !== false && !((opts.routing?.failures ?? 0) > 0) && !unkeyed;
}

/** A schema as the gateway accepts it: zod, or the AI SDK's Schema (jsonSchema()). */
type AnySchema = Parameters<typeof asSchema>[0];

export type CacheKeyRequest = {
  /** What the call is for; the offline model answers by it, and it keeps different uses apart. */
  purpose?: string;
  system: string;
  messages: ModelMessage[];
  tools?: Record<string, { description?: string; inputSchema: unknown }>;
  output?: unknown;
  temperature?: number;
  /** The output limit actually sent to the provider (a shorter limit may cut the same answer off). */
  maxOutputTokens?: number;
  // Other sampling parameters, when a caller sets them: each changes the answer.
  topP?: number;
  topK?: number;
  seed?: number;
  stopSequences?: string[];
  toolChoice?: unknown;
};

/**
 * sha256 (hex) over a deterministic serialisation of the model and the request; null when the request
 * cannot be keyed faithfully (the offline demo model, or a schema JSON Schema cannot express, such as a
 * zod transform): such a call is simply not cached.
 */
export async function responseCacheKey(resolved: { provider: string; modelId: string }, req: CacheKeyRequest): Promise<string | null> {
  // The offline model is free and answers from the workspace too: nothing to save, something to get wrong.
  if (resolved.provider === "offline") return null;
  try {
    // Sorted by name: the same tools built in another order are the same request to the key.
    const tools = req.tools
      ? await Promise.all(
          Object.entries(req.tools)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(async ([name, t]) => ({ name, description: t.description ?? null, schema: await jsonSchemaOf(t.inputSchema) })),
        )
      : null;
    const material = stableStringify({
      v: KEY_VERSION,
      provider: resolved.provider,
      modelId: resolved.modelId,
      purpose: req.purpose,
      system: req.system,
      messages: req.messages,
      tools,
      output: req.output === undefined ? null : await jsonSchemaOf(req.output),
      temperature: req.temperature,
      maxOutputTokens: req.maxOutputTokens,
      topP: req.topP,
      topK: req.topK,
      seed: req.seed,
      stopSequences: req.stopSequences,
      toolChoice: req.toolChoice,
    });
    return createHash("sha256").update(material).digest("hex");
  } catch (error) {
    if (error instanceof NotSerialisable || error instanceof SchemaNotExpressible) return null;
    throw error;
  }
}

class SchemaNotExpressible extends Error {}

// Tool specs are module constants: convert each schema once, not on every step.
const converted = new WeakMap<object, unknown>();

async function jsonSchemaOf(schema: unknown): Promise<unknown> {
  if (schema === null || (typeof schema !== "object" && typeof schema !== "function")) throw new SchemaNotExpressible();
  const known = converted.get(schema);
  if (known !== undefined) return known;
  let json: unknown;
  try {
    // What the provider is sent (zod's input side)...
    json = await asSchema(schema as AnySchema).jsonSchema;
    // ...and, for zod, the output side must be expressible too: a stored answer holds the parsed values,
    // which are replayed as they are, so a transform (parsed output ≠ the model's JSON) is not cacheable.
    if ("_zod" in schema) z.toJSONSchema(schema as z.ZodType, { io: "output" });
  } catch {
    // A transform, a Date or a custom type: two such schemas could differ without the key seeing it.
    throw new SchemaNotExpressible();
  }
  converted.set(schema, json);
  return json;
}
