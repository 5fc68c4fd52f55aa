import "server-only";
import type { LanguageModelV3CallOptions, LanguageModelV3Prompt, LanguageModelV3ToolResultOutput } from "@ai-sdk/provider";

// Reads a call the way the offline model needs it: the <aios …/> tag of the system prompt, the chat text,
// the tools on offer, and this run's earlier tool calls paired with their results.

export type Purpose = "intake" | "plan" | "agent" | "chat";

export type Tag = { purpose: Purpose; attrs: Record<string, string> };

export type ChatMessage = { role: "user" | "assistant"; text: string };

export type Outcome = { ok: boolean; text: string };

export type HistoryStep = { toolCallId: string; tool: string; input: Record<string, unknown>; result?: Outcome };

export type ReadCall = {
  tag: Tag;
  system: string;
  messages: ChatMessage[];
  history: HistoryStep[];
  /** Names of the function tools offered in this call. */
  tools: Set<string>;
  wantsJson: boolean;
};

const TAG = /<aios\s+([^>]*?)\s*\/>/;
const PURPOSES: Record<string, Purpose> = { intake: "intake", plan: "plan", planning: "plan", agent: "agent", chat: "chat" };

export function parseTag(text: string): Record<string, string> | null {
  const m = TAG.exec(text);
  if (!m) return null;
  const attrs: Record<string, string> = {};
  for (const a of m[1]!.matchAll(/([a-zA-Z_][\w-]*)\s*=\s*"([^"]*)"/g)) attrs[a[1]!] = a[2]!;
  return attrs;
}

function textOf(content: LanguageModelV3Prompt[number]["content"]): string {
  if (typeof content === "string") return content;
  return content.map((p) => (p.type === "text" ? p.text : "")).join("");
}

export function outcomeOf(output: LanguageModelV3ToolResultOutput): Outcome {
  switch (output.type) {
    case "text":
      return { ok: true, text: output.value };
    case "error-text":
      return { ok: false, text: output.value };
    case "json":
    case "error-json": {
      const v = output.value as Record<string, unknown> | null;
      const failed = output.type === "error-json" || (v !== null && typeof v === "object" && (v.ok === false || typeof v.error === "string"));
      return { ok: !failed, text: jsonOutputText(output.value) };
    }
    case "execution-denied":
      return { ok: false, text: `Execution denied${output.reason ? `: ${output.reason}` : ""}` };
    case "content":
      return { ok: true, text: output.value.map((p) => (p.type === "text" ? p.text : "")).join("\n") };
  }
}

// Tool results as JSON: prefer the fields that carry text (output, content, stdout/stderr, exit code).
function jsonOutputText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return JSON.stringify(value);
  const v = value as Record<string, unknown>;
  const parts: string[] = [];
  const code = v.exitCode ?? v.exit_code ?? v.code ?? v.status;
  if (typeof code === "number") parts.push(`exit code ${code}`);
  if (v.timedOut === true) parts.push("timed out");
  for (const key of ["output", "content", "text", "stdout", "stderr", "error", "message"]) {
    if (typeof v[key] === "string" && v[key]) parts.push(key === "stdout" || key === "stderr" ? `--- ${key} ---\n${v[key]}` : (v[key] as string));
  }
  if (Array.isArray(v.files)) parts.push(v.files.map((f) => (typeof f === "string" ? f : (f as { path?: string }).path ?? "")).join("\n"));
  return parts.length ? parts.join("\n") : JSON.stringify(value);
}

export function readCall(options: LanguageModelV3CallOptions): ReadCall {
  const systemParts: string[] = [];
  const messages: ChatMessage[] = [];
  const history: HistoryStep[] = [];
  const byId = new Map<string, HistoryStep>();
  for (const m of options.prompt) {
    if (m.role === "system") systemParts.push(m.content);
    else if (m.role === "user") messages.push({ role: "user", text: textOf(m.content) });
    else if (m.role === "assistant") {
      const text = textOf(m.content);
      if (text.trim()) messages.push({ role: "assistant", text });
      for (const part of m.content) {
        if (part.type === "tool-call") {
          const input = typeof part.input === "string" ? safeJson(part.input) : part.input;
          const step: HistoryStep = { toolCallId: part.toolCallId, tool: part.toolName, input: isRecord(input) ? input : {} };
          history.push(step);
          byId.set(part.toolCallId, step);
        } else if (part.type === "tool-result") {
          const step = byId.get(part.toolCallId);
          if (step) step.result = outcomeOf(part.output);
        }
      }
    } else {
      for (const part of m.content) {
        if (part.type !== "tool-result") continue;
        const step = byId.get(part.toolCallId);
        if (step) step.result = outcomeOf(part.output);
      }
    }
  }
  const system = systemParts.join("\n");
  const attrs = parseTag(system) ?? parseTag(messages.map((m) => m.text).join("\n")) ?? {};
  const fromOptions = (options.providerOptions?.aios as { purpose?: unknown } | undefined)?.purpose;
  const purpose = PURPOSES[attrs.purpose ?? ""] ?? PURPOSES[typeof fromOptions === "string" ? fromOptions : ""] ?? "chat";
  const tools = new Set((options.tools ?? []).filter((t) => t.type === "function").map((t) => t.name));
  if (options.toolChoice?.type === "none") tools.clear();
  return { tag: { purpose, attrs }, system, messages, history, tools, wantsJson: options.responseFormat?.type === "json" };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Characters the call sends to a model: what usage is estimated from. */
export function promptSize(options: LanguageModelV3CallOptions): number {
  let n = 0;
  for (const m of options.prompt) {
    if (typeof m.content === "string") n += m.content.length;
    else
      for (const p of m.content) {
        if (p.type === "text" || p.type === "reasoning") n += p.text.length;
        else if (p.type === "tool-call") n += p.toolName.length + JSON.stringify(p.input ?? {}).length;
        else if (p.type === "tool-result") n += p.toolName.length + outcomeOf(p.output).text.length;
      }
  }
  for (const t of options.tools ?? []) {
    n += t.name.length + (t.type === "function" ? (t.description?.length ?? 0) + JSON.stringify(t.inputSchema).length : 0);
  }
  if (options.responseFormat?.type === "json" && options.responseFormat.schema) n += JSON.stringify(options.responseFormat.schema).length;
  return n;
}
