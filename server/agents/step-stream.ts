import "server-only";
import type { StepDelta } from "@/lib/events";
import { publishDelta } from "@/server/events";
import type { StreamDelta } from "@/server/llm";

/** How often a streaming step sends what it has (one message per step and interval, not per token). */
export const STEP_DELTA_INTERVAL_MS = 75;
/**
 * How much of one tool call's input is sent live. A model writing a huge file would otherwise push
 * megabytes through every browser in the room (and through NOTIFY in server mode); the stored event
 * keeps what the transcript keeps, and the timeline shows the step's end once it is stored.
 */
export const LIVE_INPUT_LIMIT = 32_000;

type StepRef = { projectId: string; taskId: string; taskKey: string; runId: string; step: number };

/**
 * The onDelta of one agent step: model text and tool inputs as they are written, coalesced and sent to
 * the project room every STEP_DELTA_INTERVAL_MS as ephemeral "delta" messages (never stored, no seq).
 * The step's stored events stay the transcript; the browser drops the partial when they arrive.
 */
export function stepDeltas(ref: StepRef): (d: StreamDelta) => void {
  let n = 0;
  let reset = false;
  let text = "";
  const tools = new Map<string, { toolName: string; input: string }>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    timer = null;
    if (!reset && !text && tools.size === 0) return;
    const d: StepDelta = { ...ref, n: ++n };
    if (reset) d.reset = true;
    if (text) d.text = text;
    if (tools.size) d.tools = [...tools].map(([toolCallId, t]) => ({ toolCallId, toolName: t.toolName, input: t.input }));
    reset = false;
    text = "";
    tools.clear();
    void publishDelta(d);
  };
  const schedule = () => {
    timer ??= setTimeout(flush, STEP_DELTA_INTERVAL_MS);
  };

  // Tool names by call id: an input piece names only its call, the batch names the tool too.
  const names = new Map<string, string>();
  const sentInput = new Map<string, number>();
  return (d) => {
    switch (d.type) {
      case "text":
        text += d.text;
        break;
      case "tool-input-start":
        names.set(d.toolCallId, d.toolName);
        if (!tools.has(d.toolCallId)) tools.set(d.toolCallId, { toolName: d.toolName, input: "" });
        break;
      case "tool-input": {
        const sent = sentInput.get(d.toolCallId) ?? 0;
        const piece = d.delta.slice(0, Math.max(0, LIVE_INPUT_LIMIT - sent));
        if (!piece) return;
        sentInput.set(d.toolCallId, sent + piece.length);
        const t = tools.get(d.toolCallId) ?? { toolName: names.get(d.toolCallId) ?? "", input: "" };
        t.input += piece;
        tools.set(d.toolCallId, t);
        break;
      }
      case "reset":
        // What was not sent yet belongs to the failed attempt too.
        reset = true;
        text = "";
        tools.clear();
        break;
    }
    schedule();
  };
}
