import { jsonSchema, type JSONSchema7 } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { safeJsonSchema } from "./schema-json";

describe("JSON Schema of a tool or output schema", () => {
  it("converts zod, once per schema", () => {
    const schema = z.object({ path: z.string() });
    const json = safeJsonSchema(schema) as { properties: Record<string, unknown> };
    expect(Object.keys(json.properties)).toEqual(["path"]);
    expect(safeJsonSchema(schema)).toBe(json);
  });

  it("reads an AI SDK Schema (raw JSON Schema from the OpenAI-compatible endpoint) as it is", () => {
    const raw: JSONSchema7 = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
    expect(safeJsonSchema(jsonSchema(raw))).toEqual(raw);
  });

  it("gives null for what JSON Schema cannot express, instead of failing the call", () => {
    expect(safeJsonSchema(z.string().transform((s) => s.length))).toBeNull();
  });
});
