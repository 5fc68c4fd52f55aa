import "server-only";
import { z } from "zod";

// The answer's shape goes into the prompt as JSON Schema, and the answer comes back as plain text.
// Not the providers' native structured output: AIOS needs the raw text to repair it, and many
// OpenAI-compatible servers ignore or reject response_format anyway.

const schemaText = new WeakMap<z.ZodType, string>();

function jsonSchemaOf(schema: z.ZodType): string {
  let text = schemaText.get(schema);
  if (text === undefined) {
    // io "input": what the model must send (defaults may be left out), not what the parse returns.
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
    delete json.$schema;
    text = JSON.stringify(json);
    schemaText.set(schema, text);
  }
  return text;
}

/** The instructions appended to the caller's system prompt (after it, so its first line stays first). */
export function schemaInstructions(schema: z.ZodType): string {
  return [
    "Answer with one JSON object and nothing else: no prose before or after it, no code fences.",
    `It must match this JSON Schema:\n${jsonSchemaOf(schema)}`,
  ].join("\n");
}

/** The follow-up when an answer could not be used: each problem on its own line, as path: problem. */
export function reaskMessage(problems: string[]): string {
  return [
    "Your answer could not be used:",
    ...problems.slice(0, 20).map((p) => `- ${p}`),
    ...(problems.length > 20 ? [`- … and ${problems.length - 20} more`] : []),
    "Answer again with the whole corrected JSON object only.",
  ].join("\n");
}
