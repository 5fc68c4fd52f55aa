import { Badge } from "@/components/ui/badge";
import { JsonBlock } from "./trace-blocks";
import type { TraceMessage, TracePart } from "./types";

/** The conversation as sent: each message's role and its parts (text, tool calls, tool results, files). */
export function TraceMessages({ messages }: { messages: unknown[] }) {
  if (messages.length === 0) return <p className="text-muted-foreground">No messages.</p>;
  return (
    <ol className="grid gap-2">
      {(messages as TraceMessage[]).map((m, i) => (
        <li key={i} className="grid min-w-0 gap-1.5 rounded-md border p-2.5" data-testid="trace-message">
          <Badge variant="secondary" className="w-fit">
            {m.role ?? "message"}
          </Badge>
          {typeof m.content === "string" ? <JsonBlock value={m.content} /> : Array.isArray(m.content) ? (m.content as TracePart[]).map((p, j) => <Part key={j} part={p} />) : <JsonBlock value={m.content} />}
        </li>
      ))}
    </ol>
  );
}

function Part({ part }: { part: TracePart }) {
  switch (part.type) {
    case "text":
    case "reasoning":
      return <JsonBlock value={part.text ?? ""} />;
    case "tool-call":
      return (
        <div className="grid gap-1">
          <p className="text-xs">
            Calls <span className="font-mono">{part.toolName}</span>
          </p>
          <JsonBlock value={part.input} />
        </div>
      );
    case "tool-result":
      return (
        <div className="grid gap-1">
          <p className="text-xs">
            Result of <span className="font-mono">{part.toolName}</span>
          </p>
          <JsonBlock value={resultText(part.output)} />
        </div>
      );
    default:
      return <JsonBlock value={part} />;
  }
}

/** AI SDK tool outputs are { type: "text" | "json" | "error-text" …, value }: show the value itself. */
function resultText(output: unknown): unknown {
  if (output && typeof output === "object" && "value" in output) return (output as { value: unknown }).value;
  return output;
}
