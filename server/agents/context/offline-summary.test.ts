import { describe, expect, it } from "vitest";
import { answer } from "@/server/llm/offline/model";
import { readCall } from "@/server/llm/offline/prompt";
import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { transcript } from "./condense";
import type { Turn } from "./turns";

// The offline model answers the agent loop's summarise calls (a fresh install condenses long runs too).

describe("the offline model summarises a transcript", () => {
  it("answers with the steps' lines", () => {
    const turns: Turn[] = [
      { step: 1, text: "Looking around.", calls: [{ toolCallId: "a", tool: "list_files", input: {}, ok: true, output: "a.txt (3 B)" }], notes: [] },
      { step: 2, text: "", calls: [{ toolCallId: "b", tool: "run_command", input: { command: "node --test" }, ok: false, output: "$ node --test\nexit code 1" }], notes: [] },
    ];
    const options = {
      prompt: [
        { role: "system", content: '<aios purpose="summarise"/>\nYou summarise.' },
        { role: "user", content: [{ type: "text", text: transcript(turns, undefined, 10_000) }] },
      ],
    } as unknown as LanguageModelV3CallOptions;
    const a = answer(readCall(options));
    expect(a.text).toBe('Step 1, the agent said: Looking around.\nStep 1, list_files → ok:\nStep 2, run_command "node --test" → failed:');
    expect(a.toolCall).toBeUndefined();
  });
});
