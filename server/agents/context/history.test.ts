import { describe, expect, it } from "vitest";
import { NUDGE, turnsFromEvents, type StepEvent } from "./history";
import { buildMessages } from "./window";

const who = { taskKey: "t", role: "backend" };
const ev = (type: string, payload: Record<string, unknown>): StepEvent => ({ type, payload: { ...who, ...payload } });

describe("turns rebuilt from events", () => {
  const events: StepEvent[] = [
    ev("agent.tool_call", { step: 1, toolCallId: "a", tool: "write_file", input: { path: "a.txt", content: "x" } }),
    ev("agent.tool_result", { step: 1, toolCallId: "a", tool: "write_file", ok: true, output: "Wrote a.txt (1 bytes)." }),
    ev("agent.text", { step: 2, text: "Thinking." }),
    ev("agent.tool_call", { step: 3, toolCallId: "b", tool: "deploy", input: {} }),
    ev("agent.tool_result", { step: 3, toolCallId: "b", tool: "deploy", ok: false, output: 'There is no tool "deploy".' }),
    ev("agent.warning", { step: 3, kind: "stuck", message: "Try something different." }),
    ev("agent.context", { step: 4, contextWindow: 8000, masked: 1, maskedThrough: 1, condensed: false, tokensBefore: 10, tokensAfter: 5 }),
    // The crash hit mid-tool: no result, so the call is asked for again.
    ev("agent.tool_call", { step: 4, toolCallId: "c", tool: "list_files", input: {} }),
  ];

  it("hold what the runner held: calls with results (a call that lost its result is asked again), nudges after steps without a call, warnings, the context state", () => {
    const { turns, steps, context } = turnsFromEvents(events);
    expect(steps).toBe(4);
    expect(context).toEqual({ maskedThrough: 1 });
    expect(turns).toEqual([
      { step: 1, text: "", calls: [{ toolCallId: "a", tool: "write_file", input: { path: "a.txt", content: "x" }, ok: true, output: "Wrote a.txt (1 bytes)." }], notes: [] },
      { step: 2, text: "Thinking.", calls: [], notes: [NUDGE] },
      { step: 3, text: "", calls: [{ toolCallId: "b", tool: "deploy", input: {}, ok: false, output: 'There is no tool "deploy".' }], notes: ["Try something different."] },
    ]);
  });

  it("keep a summary from an earlier context change when a later one only masks", () => {
    const { context } = turnsFromEvents([
      ev("agent.context", { step: 5, maskedThrough: 2, condensed: true, throughStep: 2, summary: "S" }),
      ev("agent.context", { step: 9, maskedThrough: 6, condensed: false }),
    ]);
    expect(context).toEqual({ maskedThrough: 6, summary: { text: "S", throughStep: 2 } });
  });

  it("give the model the same messages as the run that recorded them", () => {
    const { turns, context } = turnsFromEvents(events);
    const messages = buildMessages("Brief", turns, context, 2_000);
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "tool", "assistant", "user", "assistant", "tool", "user"]);
    expect(JSON.stringify(messages[2])).toContain("[output of write_file a.txt elided — 22 B]");
  });
});
