import { tool, type ModelMessage, type ToolSet } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { historyBreakpoints, MAX_BREAKPOINTS, withPromptCaching } from "./prompt-caching";

const anthropic = { provider: "anthropic" };
const tools: ToolSet = {
  readFile: tool({ description: "Read a file", inputSchema: z.object({ path: z.string() }) }),
  writeFile: tool({ description: "Write a file", inputSchema: z.object({ path: z.string(), content: z.string() }) }),
};
const step = (n: number): ModelMessage[] => [
  { role: "assistant", content: [{ type: "tool-call", toolCallId: `c${n}`, toolName: "readFile", input: { path: `f${n}` } }] },
  { role: "tool", content: [{ type: "tool-result", toolCallId: `c${n}`, toolName: "readFile", output: { type: "text", value: "x" } }] },
];
const history: ModelMessage[] = [{ role: "user", content: "Build a greeter." }, ...step(1), ...step(2)];

const EPHEMERAL = { anthropic: { cacheControl: { type: "ephemeral" } } };
const marked = (o: { providerOptions?: unknown } | undefined) => JSON.stringify(o?.providerOptions ?? {}).includes("cacheControl");

describe("withPromptCaching (Anthropic)", () => {
  it("marks the last tool, the system prompt, the previous step's end and the last message: four breakpoints", () => {
    const out = withPromptCaching(anthropic, { system: "You are the developer.", messages: history, tools });
    expect(out.system).toEqual({ role: "system", content: "You are the developer.", providerOptions: EPHEMERAL });
    expect(marked(out.tools!.writeFile)).toBe(true);
    expect(marked(out.tools!.readFile)).toBe(false);
    // history: user, assistant(1), tool(1), assistant(2), tool(2): the last message, and tool(1) which ended
    // the previous step's prompt.
    expect(out.messages.map((m) => marked(m))).toEqual([false, false, true, false, true]);
    const count = [out.system, ...Object.values(out.tools!), ...out.messages].filter((x) => marked(x as { providerOptions?: unknown })).length;
    expect(count).toBe(MAX_BREAKPOINTS);
  });

  it("never mutates the caller's history, tools or their provider options", () => {
    const messages: ModelMessage[] = [{ role: "user", content: "hi", providerOptions: { anthropic: { other: 1 } } }];
    const before = JSON.stringify({ messages, tools: Object.keys(tools) });
    const out = withPromptCaching(anthropic, { system: "s", messages, tools });
    expect(JSON.stringify({ messages, tools: Object.keys(tools) })).toBe(before);
    expect(tools.writeFile!.providerOptions).toBeUndefined();
    expect(out.messages[0]!.providerOptions).toEqual({ anthropic: { other: 1, cacheControl: { type: "ephemeral" } } });
  });

  it("stays within four when the caller already placed breakpoints, and skips an empty system prompt", () => {
    const messages: ModelMessage[] = [
      { role: "user", content: "a", providerOptions: EPHEMERAL },
      { role: "user", content: "b", providerOptions: EPHEMERAL },
      ...history,
    ];
    const out = withPromptCaching(anthropic, { system: "", messages, tools });
    expect(out.system).toBe("");
    const count = [...Object.values(out.tools!), ...out.messages].filter((x) => marked(x)).length;
    expect(count).toBe(MAX_BREAKPOINTS); // 2 of the caller's + the last tool + the last message
    expect(marked(out.messages.at(-1))).toBe(true);
  });

  it("puts history breakpoints where an append-only history grows", () => {
    expect(historyBreakpoints([])).toEqual([]);
    expect(historyBreakpoints([{ role: "user", content: "x" }])).toEqual([0]);
    expect(historyBreakpoints(history)).toEqual([4, 2]);
    // A chat: user, assistant, user → the new question, and the end of the previous question.
    expect(historyBreakpoints([{ role: "user", content: "a" }, { role: "assistant", content: "b" }, { role: "user", content: "c" }])).toEqual([2, 0]);
  });
});

describe("withPromptCaching (other providers)", () => {
  it("leaves an OpenAI prompt as it is and adds a prompt_cache_key that depends only on the stable prefix", () => {
    const a = withPromptCaching({ provider: "openai" }, { system: "You are the developer.", messages: history, tools });
    expect(a.system).toBe("You are the developer.");
    expect(a.messages).toBe(history);
    expect(a.tools).toBe(tools);
    const key = (a.providerOptions?.openai as { promptCacheKey: string }).promptCacheKey;
    expect(key).toMatch(/^aios-[0-9a-f]{32}$/);
    const later = withPromptCaching({ provider: "openai" }, { system: "You are the developer.", messages: [...history, ...step(3)], tools });
    expect(later.providerOptions).toEqual(a.providerOptions);
    const other = withPromptCaching({ provider: "openai" }, { system: "You are the tester.", messages: history, tools });
    expect(other.providerOptions).not.toEqual(a.providerOptions);
  });

  it("changes nothing for OpenAI-compatible servers and the offline model", () => {
    for (const provider of ["compatible", "offline"]) {
      const out = withPromptCaching({ provider }, { system: "s", messages: history, tools });
      expect(out).toEqual({ system: "s", messages: history, tools });
    }
  });
});
