// Test stand-in for a model provider (loopback): an OpenAI Chat Completions server whose answers come
// from AIOS's own offline demo model. Each HTTP request is translated back into the AI SDK call the
// offline model understands (system prompt with its <aios purpose="…"/> tag line, chat, tool calls and
// results, tools, JSON response format), its doGenerate answers, and the answer goes out in OpenAI's
// shape (JSON or server-sent events). So a real OpenAI-compatible client builds the demo projects end to
// end over real HTTP, and fault or imperfection wrappers can bend individual answers.
import type {
  LanguageModelV3CallOptions,
  LanguageModelV3FunctionTool,
  LanguageModelV3Message,
  LanguageModelV3ToolChoice,
  LanguageModelV3ToolResultOutput,
} from "@ai-sdk/provider";
import { createOfflineModel } from "@/server/llm/offline";
import { parseTag } from "@/server/llm/offline/prompt";
import { startLoopbackOpenAI, type Loopback, type LoopbackReply, type LoopbackRequest } from "./loopback-openai";

/** What an OpenAI client sends (the parts the offline model reads). */
type ChatBody = {
  model?: string;
  messages?: ChatMessage[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  tool_choice?: string | { type: "function"; function: { name: string } };
  response_format?: { type: "text" | "json_object" | "json_schema"; json_schema?: { name?: string; description?: string; schema?: unknown } };
  stream?: boolean;
};

type ChatMessage =
  | { role: "system" | "developer"; content: string | { type: string; text?: string }[] }
  | { role: "user"; content: string | { type: string; text?: string }[] }
  | { role: "assistant"; content?: string | null; tool_calls?: { id: string; type: "function"; function: { name: string; arguments: string } }[] }
  | { role: "tool"; tool_call_id: string; content: string | { type: string; text?: string }[] };

const text = (content: string | null | undefined | { type: string; text?: string }[]) =>
  typeof content === "string" ? content : (content ?? []).map((p) => p.text ?? "").join("");

/**
 * The OpenAI protocol carries a tool result as plain text, without the error flag the runner sets
 * (AI SDK "error-text" becomes a plain "tool" message). The offline model decides on that flag, so read it
 * back from the runner's wording: a failed command ("exit code 1", "timed out", "killed by") or one of the
 * workspace's refusals. (Text stays text: a file that holds JSON is read back exactly as it is.)
 */
export function toolOutput(value: string): LanguageModelV3ToolResultOutput {
  const exit = /^exit code (\d+)$/m.exec(value);
  const failedCommand = exit ? exit[1] !== "0" : /^(timed out|killed by)\b/m.test(value);
  const refused =
    !value.includes("\n") &&
    /(was not found|not found in|does not exist|is not available|^Invalid input for|^Unknown tool|is a folder|cannot be|symbolic link|Waiting for a person|\bdenied\b|not a regular file|too long|no match|matches \d+ places|ambiguous|changed while|^The text to find|^Give the path)/i.test(value);
  return { type: failedCommand || refused ? "error-text" : "text", value };
}

function toolChoice(choice: ChatBody["tool_choice"]): LanguageModelV3ToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (typeof choice === "object") return { type: "tool", toolName: choice.function.name };
  return choice === "none" ? { type: "none" } : choice === "required" ? { type: "required" } : { type: "auto" };
}

/** The AI SDK call an OpenAI request stands for, as the offline model receives it through the gateway. */
export function callOptionsOf(body: ChatBody): LanguageModelV3CallOptions {
  const prompt: LanguageModelV3Message[] = [];
  const toolNames = new Map<string, string>();
  for (const m of body.messages ?? []) {
    switch (m.role) {
      case "system":
      case "developer":
        prompt.push({ role: "system", content: text(m.content) });
        break;
      case "user":
        prompt.push({ role: "user", content: [{ type: "text", text: text(m.content) }] });
        break;
      case "assistant": {
        const content: Extract<LanguageModelV3Message, { role: "assistant" }>["content"] = [];
        if (m.content) content.push({ type: "text", text: m.content });
        for (const c of m.tool_calls ?? []) {
          toolNames.set(c.id, c.function.name);
          content.push({ type: "tool-call", toolCallId: c.id, toolName: c.function.name, input: c.function.arguments });
        }
        prompt.push({ role: "assistant", content });
        break;
      }
      case "tool":
        prompt.push({
          role: "tool",
          content: [{ type: "tool-result", toolCallId: m.tool_call_id, toolName: toolNames.get(m.tool_call_id) ?? "unknown", output: toolOutput(text(m.content)) }],
        });
        break;
    }
  }
  const tools: LanguageModelV3FunctionTool[] = (body.tools ?? [])
    .filter((t) => t.type === "function")
    .map((t) => ({ type: "function", name: t.function.name, description: t.function.description, inputSchema: (t.function.parameters ?? { type: "object" }) as never }));
  const format = body.response_format;
  const system = prompt.filter((m) => m.role === "system").map((m) => m.content).join("\n");
  // The gateway tells the offline model the purpose in providerOptions; over HTTP only the prompt's tag line says it.
  const purpose = parseTag(system)?.purpose;
  return {
    prompt,
    ...(tools.length ? { tools } : {}),
    ...(toolChoice(body.tool_choice) ? { toolChoice: toolChoice(body.tool_choice) } : {}),
    ...(format && format.type !== "text" ? { responseFormat: { type: "json", schema: format.json_schema?.schema as never, name: format.json_schema?.name } } : {}),
    ...(purpose ? { providerOptions: { aios: { purpose } } } : {}),
  };
}

export type OfflineAnswer = Exclude<LoopbackReply, { httpError: unknown }>;

const model = createOfflineModel();

/** The offline model's answer to one OpenAI request, as a loopback reply (text, tool calls, usage). */
export async function offlineAnswer(body: ChatBody): Promise<OfflineAnswer> {
  const result = await model.doGenerate(callOptionsOf(body));
  let answer = "";
  const toolCalls: NonNullable<OfflineAnswer["toolCalls"]> = [];
  for (const part of result.content) {
    if (part.type === "text") answer += part.text;
    if (part.type === "tool-call") toolCalls.push({ id: part.toolCallId, name: part.toolName, input: JSON.parse(part.input) as unknown });
  }
  return {
    ...(answer ? { text: answer } : {}),
    ...(toolCalls.length ? { toolCalls } : {}),
    usage: { inputTokens: result.usage.inputTokens.total ?? 0, outputTokens: result.usage.outputTokens.total ?? 0 },
    finishReason: toolCalls.length ? "tool_calls" : "stop",
  };
}

/** The purpose a request is for, from its system prompt's tag line ("intake", "plan", "agent"; else "chat"). */
export function purposeOf(req: LoopbackRequest): string {
  const system = ((req.body as ChatBody | null)?.messages ?? []).filter((m) => m.role === "system" || m.role === "developer");
  return parseTag(system.map((m) => text(m.content)).join("\n"))?.purpose ?? "chat";
}

/** The agent tag's attributes (role, task, attempt) of a request, or null for other purposes. */
export function agentTagOf(req: LoopbackRequest): Record<string, string> | null {
  const system = ((req.body as ChatBody | null)?.messages ?? []).filter((m) => m.role === "system");
  const tag = parseTag(system.map((m) => text(m.content)).join("\n"));
  return tag?.purpose === "agent" ? tag : null;
}

/** A loopback script answering every chat completion with the offline model. */
export const offlineScript = (req: LoopbackRequest): Promise<OfflineAnswer> => offlineAnswer(req.body as ChatBody);

/** Starts an OpenAI-protocol loopback backed by the offline model (see the file comment). */
export function startLoopbackOffline(opts: { models?: string[]; apiKey?: string } = {}): Promise<Loopback> {
  return startLoopbackOpenAI({ script: offlineScript, ...opts });
}
