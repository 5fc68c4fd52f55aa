import type { ModelMessage } from "ai";
import { describe, expect, it } from "vitest";
import { clipMiddle, outputLimitFor, TIMELINE_NOTE } from "./clip-output";
import { transcript } from "./condense";
import { maskedOutput, turnMessages, type Turn } from "./turns";
import { CONDENSE_AT, estimateTokens, freshContext, MASK_AT, planWindow } from "./window";

const lines = (n: number, prefix = "line") => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join("\n");

function turn(step: number, output: string, path = `src/f${step}.ts`): Turn {
  return { step, text: "", calls: [{ toolCallId: `c${step}`, tool: "read_file", input: { path }, ok: true, output }], notes: [] };
}

const resultsOf = (messages: ModelMessage[]) =>
  messages.flatMap((m) => (m.role === "tool" ? m.content.map((p) => (p.type === "tool-result" && (p.output.type === "text" || p.output.type === "error-text") ? p.output.value : "")) : []));

describe("head and tail clipping", () => {
  it("keeps a short output as it is", () => {
    expect(clipMiddle("short", 100)).toBe("short");
  });

  it("keeps the head and the tail with the elided size", () => {
    const text = lines(20_000);
    const clipped = clipMiddle(text, 2_000, TIMELINE_NOTE);
    expect(clipped.length).toBeLessThanOrEqual(2_000);
    expect(clipped.startsWith("line 1\nline 2\n")).toBe(true);
    expect(clipped.endsWith("line 20000")).toBe(true);
    const m = /… ([\d,]+) characters elided; the whole output is in the timeline …/.exec(clipped);
    expect(m).not.toBeNull();
    const elided = Number(m![1]!.replace(/,/g, ""));
    const [head, tail] = clipped.split(/\n… .* …\n/);
    expect(head!.length + tail!.length + elided).toBe(text.length);
    // Whole lines only.
    expect(head!.split("\n").every((l) => /^line \d+$/.test(l))).toBe(true);
    expect(tail!.split("\n").every((l) => /^line \d+$/.test(l))).toBe(true);
  });

  it("sizes what one output may take from the model's window", () => {
    expect(outputLimitFor(8_000)).toBe(1_600);
    expect(outputLimitFor(4_000)).toBe(1_500);
    expect(outputLimitFor(200_000)).toBe(12_000);
  });
});

describe("observations", () => {
  it("masks an observation with what it was and its size", () => {
    expect(maskedOutput({ tool: "read_file", input: { path: "src/a.ts" }, ok: true, output: "x".repeat(12 * 1024) })).toBe("[output of read_file src/a.ts elided — 12 KB]");
    expect(maskedOutput({ tool: "run_command", input: { command: "npm test" }, ok: false, output: "boom" })).toBe('[error of run_command "npm test" elided — 4 B]');
  });

  it("gives every call its result, with names and input providers accept", () => {
    const t: Turn = { step: 1, text: "", calls: [{ toolCallId: "c1", tool: "functions.deploy now", input: '{"broken', ok: false, output: "There is no tool" }], notes: ["Try again."] };
    const [assistant, tool, note] = turnMessages(t, { mask: false, outputChars: 1_000 });
    expect(assistant).toEqual({ role: "assistant", content: [{ type: "tool-call", toolCallId: "c1", toolName: "functions_deploy_now", input: {} }] });
    expect(tool).toMatchObject({ role: "tool", content: [{ toolCallId: "c1", toolName: "functions_deploy_now", output: { type: "error-text", value: "There is no tool" } }] });
    expect(note).toEqual({ role: "user", content: "Try again." });
  });
});

describe("fitting the window", () => {
  const base = { brief: "Build it", contextWindow: 10_000, fixedTokens: 500, reserveTokens: 1_000 };

  it("changes nothing while the prompt is small", () => {
    const turns = [1, 2, 3, 4, 5].map((s) => turn(s, "small"));
    const plan = planWindow({ ...base, turns, state: freshContext() });
    expect(plan).toMatchObject({ masked: 0, state: { maskedThrough: 0 } });
    expect(plan.condenseThrough).toBeUndefined();
    expect(plan.messages[0]).toEqual({ role: "user", content: "Build it" });
  });

  it("masks older observations first, keeping the last three steps whole", () => {
    // Each output is clipped to 2,000 characters (≈ 500 tokens): eight of them pass 60% of the usable window.
    const turns = [1, 2, 3, 4, 5, 6, 7, 8].map((s) => turn(s, lines(1_000, `s${s}`)));
    const plan = planWindow({ ...base, turns, state: freshContext() });
    expect(plan.tokensBefore).toBeGreaterThan(MASK_AT * 9_000);
    expect(plan.masked).toBe(5);
    expect(plan.state.maskedThrough).toBe(5);
    const results = resultsOf(plan.messages);
    expect(results.slice(0, 5)).toEqual([1, 2, 3, 4, 5].map((s) => expect.stringMatching(new RegExp(`^\\[output of read_file src/f${s}\\.ts elided — \\d+(\\.\\d)? KB\\]$`))));
    expect(results.slice(5).every((r) => r.includes("characters elided; the whole output is in the timeline"))).toBe(true);
    expect(plan.tokens).toBeLessThan(plan.tokensBefore);
    expect(plan.condenseThrough).toBeUndefined();
    // The boundary stays where it is on the next step while the prompt fits (a stable prefix).
    const again = planWindow({ ...base, turns: [...turns, turn(9, "small")], state: plan.state });
    expect(again).toMatchObject({ masked: 0, state: { maskedThrough: 5 } });
  });

  it("asks for a summary when masking is not enough, and uses it in place of the older steps", () => {
    // Long model texts are not observations: masking cannot shorten them.
    const turns: Turn[] = [1, 2, 3, 4, 5, 6, 7, 8].map((s) => ({ ...turn(s, "ok"), text: "thinking ".repeat(600) }));
    const plan = planWindow({ ...base, turns, state: freshContext() });
    expect(plan.tokens).toBeGreaterThan(CONDENSE_AT * 9_000);
    expect(plan.condenseThrough).toBe(5);
    const condensed = planWindow({ ...base, turns, state: { maskedThrough: 5, summary: { text: "Wrote a.ts; tests pass.", throughStep: 5 } } });
    expect(condensed.condenseThrough).toBeUndefined();
    expect(condensed.messages[0]).toEqual({ role: "user", content: "Build it" });
    expect(condensed.messages[1]).toMatchObject({ role: "user", content: expect.stringContaining("Wrote a.ts; tests pass.") });
    // Only steps 6–8 follow the summary.
    expect(condensed.messages.filter((m) => m.role === "assistant")).toHaveLength(3);
    expect(estimateTokens(condensed.messages)).toBeLessThan(estimateTokens(plan.messages));
  });

  it("measures each step once, and never serves a step that changed since", () => {
    const t: Turn = { step: 1, text: "", calls: [], notes: [] };
    const before = planWindow({ ...base, turns: [t], state: freshContext() });
    t.calls.push({ toolCallId: "c1", tool: "list_files", input: {}, ok: true, output: "a.txt (3 B)" });
    const after = planWindow({ ...base, turns: [t], state: freshContext() });
    expect(after.tokens).toBeGreaterThan(before.tokens);
    expect(resultsOf(after.messages)).toEqual(["a.txt (3 B)"]);
    // The estimate is the sum of the messages' own.
    expect(after.tokens - base.fixedTokens).toBe(after.messages.reduce((n, m) => n + estimateTokens(m), 0));
  });

  it("builds the summariser's transcript within its size", () => {
    const turns = [1, 2].map((s) => turn(s, lines(5_000)));
    const text = transcript(turns, "Earlier: set up.", 3_000);
    expect(text.length).toBeLessThanOrEqual(3_000);
    expect(text).toContain("Summary of the steps before these:\nEarlier: set up.");
    expect(text).toContain("Step 1, read_file src/f1.ts → ok:");
  });
});
