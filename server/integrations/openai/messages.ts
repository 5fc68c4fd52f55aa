import "server-only";
import type { AssistantContent, ModelMessage, UserContent } from "ai";
import { badRequest } from "./openai-error";
import type { ChatMessage } from "./request-schema";

// OpenAI chat messages → the gateway's system prompt and AI SDK messages. System and developer messages
// become the system prompt (the gateway takes one); tool results get their tool's name back from the
// assistant message that asked for them (OpenAI sends only the call id).

export type Conversation = { system: string; messages: ModelMessage[] };

const textOf = (content: string | { type: "text"; text: string }[]) => (typeof content === "string" ? content : content.map((p) => p.text).join(""));

export function toConversation(input: ChatMessage[]): Conversation {
  const system: string[] = [];
  const messages: ModelMessage[] = [];
  const toolNames = new Map<string, string>();
  input.forEach((m, i) => {
    switch (m.role) {
      case "system":
      case "developer":
        system.push(textOf(m.content));
        return;
      case "user":
        messages.push({ role: "user", content: userContent(m.content) });
        return;
      case "assistant":
        messages.push({ role: "assistant", content: assistantContent(m, i, toolNames) });
        return;
      case "tool": {
        const toolName = toolNames.get(m.tool_call_id);
        if (!toolName) {
          throw badRequest(
            `Invalid parameter: messages[${i}] is a tool result for tool_call_id '${clip(m.tool_call_id)}', but no earlier assistant message has a tool call with that id.`,
            `messages[${i}].tool_call_id`,
          );
        }
        messages.push({ role: "tool", content: [{ type: "tool-result", toolCallId: m.tool_call_id, toolName, output: { type: "text", value: textOf(m.content) } }] });
        return;
      }
    }
  });
  if (messages.length === 0) throw badRequest("The messages contain no user message: send at least one message with role user.", "messages");
  return { system: system.join("\n\n"), messages };
}

function userContent(content: Extract<ChatMessage, { role: "user" }>["content"]): UserContent {
  if (typeof content === "string") return content;
  return content.map((p) => (p.type === "text" ? { type: "text" as const, text: p.text } : { type: "image" as const, image: imageOf(p.image_url.url) }));
}

/** http(s) and data: URLs alike go as URLs: the AI SDK decodes data: URLs itself and providers fetch the others. */
function imageOf(url: string): URL | string {
  try {
    return new URL(url);
  } catch {
    return url;
  }
}

function assistantContent(m: Extract<ChatMessage, { role: "assistant" }>, index: number, toolNames: Map<string, string>): AssistantContent {
  const parts: Exclude<AssistantContent, string> = [];
  const text = m.content === null || m.content === undefined ? "" : typeof m.content === "string" ? m.content : m.content.map((p) => (p.type === "text" ? p.text : p.refusal)).join("");
  if (text) parts.push({ type: "text", text });
  (m.tool_calls ?? []).forEach((call, j) => {
    toolNames.set(call.id, call.function.name);
    parts.push({ type: "tool-call", toolCallId: call.id, toolName: call.function.name, input: parseArguments(call.function.arguments, `messages[${index}].tool_calls[${j}].function.arguments`) });
  });
  return parts.length ? parts : "";
}

function parseArguments(json: string, param: string): unknown {
  if (json.trim() === "") return {};
  try {
    return JSON.parse(json);
  } catch {
    throw badRequest(`Invalid value for '${param}': the arguments must be a JSON string (as the model produced them).`, param);
  }
}

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);
