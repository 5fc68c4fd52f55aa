import "server-only";
import type { z } from "zod";

// The error every step of the endpoint throws: an HTTP status with OpenAI's type, param and code, and a
// sentence for a person. Bad request bodies are described by their first problem, naming the parameter.

export class OpenAiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly more: { type?: string; param?: string | null; code?: string | null; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "OpenAiError";
  }
}

export const badRequest = (message: string, param: string | null = null, code: string | null = null) => new OpenAiError(400, message, { param, code });

/** The first problem of a request body, as one sentence naming the parameter OpenAI-style (`messages[0].content`). */
export function fromZodError(error: z.ZodError): OpenAiError {
  const issue = error.issues[0]!;
  const param = paramOf(issue.path);
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => JSON.stringify(k).slice(0, 80)).join(", ");
    const where = param ? ` in ${param}` : "";
    return badRequest(`Unrecognized request argument supplied${where}: ${keys}.`, param ? `${param}.${issue.keys[0]}` : issue.keys[0]!);
  }
  const what = param || "the request body";
  if (issue.code === "invalid_union" || (issue.code === "invalid_value" && issue.path.at(-1) === "role")) return badRequest(`Invalid value for '${what}': ${unionHint(issue.path)}`, param || null);
  if (issue.code === "invalid_type" && issue.input === undefined) return badRequest(`Missing required parameter: '${what}'.`, param || null, "missing_required_parameter");
  return badRequest(`Invalid value for '${what}': ${issue.message}.`, param || null);
}

function unionHint(path: PropertyKey[]): string {
  const last = path.at(-1);
  if (last === "role" || (typeof last === "number" && path[0] === "messages")) return "each message needs a role of system, developer, user, assistant or tool, with the fields that role takes.";
  if (path.includes("content")) return "content must be a string or a list of parts (text, and image_url in user messages).";
  if (path[0] === "tool_choice") return 'expected "none", "auto", "required" or { type: "function", function: { name } }.';
  if (path[0] === "stop") return "expected a string or a list of up to 4 non-empty strings.";
  if (path[0] === "response_format") return 'expected { type: "text" }, { type: "json_object" } or { type: "json_schema", json_schema: { name, schema } }.';
  return "it does not have one of the accepted shapes.";
}

function paramOf(path: PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}
