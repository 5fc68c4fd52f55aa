import "server-only";
import { jsonSchema } from "ai";
import type { GenerateOptions, ToolSpec } from "@/server/llm";
import { badRequest } from "./openai-error";
import type { FunctionTool, ResponseFormat, ToolChoice } from "./request-schema";

// Tools and structured output from an OpenAI request → the gateway's ToolSpecs and output schema. The
// JSON schemas are passed through as they are (AI SDK `jsonSchema`), so the model sees what the client wrote.

const EMPTY_PARAMETERS = { type: "object", properties: {} } as const;

/** The tools offered to the model. tool_choice "none" offers none; a named function offers only that one. */
export function toToolSpecs(tools: FunctionTool[] | undefined, choice: ToolChoice | undefined): Record<string, ToolSpec> | undefined {
  if (!tools?.length) {
    if (choice && typeof choice === "object") throw badRequest(`Invalid value for 'tool_choice': the function '${choice.function.name}' is not among the tools (there are none).`, "tool_choice");
    if (choice === "required") throw badRequest("Invalid value for 'tool_choice': \"required\" needs at least one tool in 'tools'.", "tool_choice");
    return undefined;
  }
  const specs: Record<string, ToolSpec> = {};
  tools.forEach((t, i) => {
    const { name, description, parameters } = t.function;
    if (specs[name]) throw badRequest(`Invalid value for 'tools[${i}].function.name': the name '${name}' is used by two tools.`, `tools[${i}].function.name`);
    specs[name] = { description: description ?? "", inputSchema: jsonSchema(objectSchema(parameters, `tools[${i}].function.parameters`)) };
  });
  if (choice === "none") return undefined;
  if (choice && typeof choice === "object") {
    const only = specs[choice.function.name];
    if (!only) throw badRequest(`Invalid value for 'tool_choice': the function '${choice.function.name}' is not among the tools (${Object.keys(specs).join(", ")}).`, "tool_choice.function.name");
    return { [choice.function.name]: only };
  }
  return specs;
}

/**
 * tool_choice → what the gateway forces: "required" (some tool) or the named function. The AI SDK then
 * refuses an answer without such a call, so the client never gets text where it demanded a call.
 */
export function toToolChoice(choice: ToolChoice | undefined): GenerateOptions["toolChoice"] {
  if (choice === "required") return "required";
  if (choice && typeof choice === "object") return { type: "tool", toolName: choice.function.name };
  return undefined; // "auto", or "none" (no tools are offered at all)
}

/** response_format → the gateway's output schema (undefined for plain text). */
export function toOutputSchema(format: ResponseFormat | undefined) {
  if (!format || format.type === "text") return undefined;
  if (format.type === "json_object") return jsonSchema<unknown>({ type: "object" });
  return jsonSchema<unknown>(objectSchema(format.json_schema.schema, "response_format.json_schema.schema"));
}

/** A JSON schema the providers accept as tool input or output: an object at the top, as OpenAI requires. */
function objectSchema(schema: Record<string, unknown> | undefined, param: string): Record<string, unknown> {
  if (!schema) return { ...EMPTY_PARAMETERS };
  if (schema.type !== undefined && schema.type !== "object") throw badRequest(`Invalid value for '${param}': the schema must describe an object (type "object").`, param);
  if (JSON.stringify(schema).length > 200_000) throw badRequest(`Invalid value for '${param}': the schema is larger than 200 KB.`, param);
  return schema.type === undefined ? { type: "object", ...schema } : schema;
}
