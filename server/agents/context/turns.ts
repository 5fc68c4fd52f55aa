import "server-only";
import type { ModelMessage } from "ai";
import { callLabel } from "../guards/call-label";
import { clipMiddle, TIMELINE_NOTE } from "./clip-output";

// The run's conversation as steps ("turns"): what the model said and called, what came back, and
// what the platform told it (a nudge, a warning). The runner and the history rebuilt from events share
// this shape, so a resumed run sends the model what an uninterrupted one would.

export type Observation = { toolCallId: string; tool: string; input: unknown; ok: boolean; output: string };
export type Turn = { step: number; text: string; calls: Observation[]; notes: string[] };

export type TurnView = { mask: boolean; outputChars: number };

/** Providers accept tool names of letters, digits, _ and - (at most 64); a made-up name is kept readable. */
export const safeToolName = (name: string) => name.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64) || "unknown_tool";

/**
 * Tool-call input as providers accept it: an object (raw text the model sent that is not one becomes {}).
 * Its strings stay as recorded (long ones are already cut to the event limit): a model may compare its
 * earlier calls word for word (the offline model replays its script that way), so inputs are never
 * shortened further, masked or not.
 */
const safeInput = (input: unknown) => (input && typeof input === "object" && !Array.isArray(input) ? (sortKeys(input) as Record<string, unknown>) : {});

/**
 * Keys in one order: input read back from events (JSONB orders keys its own way) is sent exactly as the
 * live run sent it, so a resumed run keeps the provider's prompt cache.
 */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  return value;
}

/** "[output of read_file src/a.ts elided — 12 KB]" */
export function maskedOutput(o: Pick<Observation, "tool" | "input" | "output" | "ok">): string {
  const kb = Buffer.byteLength(o.output) / 1024;
  const size = kb < 1 ? `${Buffer.byteLength(o.output)} B` : `${kb < 10 ? kb.toFixed(1) : Math.round(kb)} KB`;
  return `[${o.ok ? "output" : "error"} of ${callLabel(o.tool, o.input)} elided — ${size}]`;
}

export function turnMessages(turn: Turn, view: TurnView): ModelMessage[] {
  const messages: ModelMessage[] = [];
  if (turn.text || turn.calls.length) {
    messages.push({
      role: "assistant",
      content: [
        ...(turn.text ? [{ type: "text" as const, text: turn.text }] : []),
        ...turn.calls.map((c) => ({ type: "tool-call" as const, toolCallId: c.toolCallId, toolName: safeToolName(c.tool), input: safeInput(c.input) })),
      ],
    });
  }
  if (turn.calls.length) {
    messages.push({
      role: "tool",
      content: turn.calls.map((c) => ({
        type: "tool-result" as const,
        toolCallId: c.toolCallId,
        toolName: safeToolName(c.tool),
        output: { type: c.ok ? ("text" as const) : ("error-text" as const), value: view.mask ? maskedOutput(c) : clipMiddle(c.output, view.outputChars, TIMELINE_NOTE) },
      })),
    });
  }
  if (turn.notes.length) messages.push({ role: "user", content: turn.notes.join("\n\n") });
  return messages;
}
