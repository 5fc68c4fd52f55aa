import { describe, expect, it } from "vitest";
import { buildTrace, MAX_PROMPT_CHARS, MAX_STRING_CHARS } from "./build-trace";
import { MASK, maskText } from "./mask";

describe("maskText", () => {
  it.each([
    ["OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz0123", "sk-proj-abcdefghijklmnopqrstuvwxyz0123"],
    ["key sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA here", "sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA"],
    ["curl -H 'Authorization: Bearer abc.def.ghijklmnop'", "abc.def.ghijklmnop"],
    ["use aios_sk_0123456789abcdefghijABCDEFGHIJ_-0123456789abc now", "aios_sk_0123456789abcdefghijABCDEFGHIJ_-0123456789abc"],
    ["token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"],
    ["postgres://app:hunter2hunter2@db:5432/x", "hunter2hunter2"],
    ['{"password": "correct horse battery"}', "correct"],
    ["-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----", "MIIEow"],
    ["AKIAABCDEFGHIJKLMNOP is an AWS key", "AKIAABCDEFGHIJKLMNOP"],
  ])("masks %s", (text, secret) => {
    const out = maskText(text);
    expect(out).not.toContain(secret);
    expect(out).toContain(MASK);
  });

  it("masks known secret values and leaves ordinary text alone", () => {
    expect(maskText("the pepper is 0123456789-pepper-value!", ["0123456789-pepper-value"])).toBe(`the pepper is ${MASK}!`);
    const plain = "Build a stock-prices page; task key greeter; see https://example.com/docs?page=2";
    expect(maskText(plain, ["short"])).toBe(plain);
  });
});

describe("buildTrace", () => {
  const answer = { text: "Done.", toolCalls: [], finishReason: "stop" };

  it("stores what Postgres' jsonb can hold: NUL as ␀, a lone surrogate as U+FFFD", () => {
    const t = buildTrace({ system: "s", messages: [{ role: "user", content: "a\u0000b \ud800c" }], answer: { ...answer, text: "x\u0000y" } });
    const json = JSON.stringify(t);
    expect(json).not.toMatch(/\\u0000|\\ud800/i);
    expect(json).toContain("a\u2400b \ufffdc");
    expect(json).toContain("x\u2400y");
  });

  it("keeps system, messages, tools and the answer, masked", () => {
    const t = buildTrace({
      system: "You are the backend agent.",
      messages: [
        { role: "user", content: "My key is sk-abcdefghijklmnopqrstuvwx" },
        { role: "assistant", content: [{ type: "tool-call", toolCallId: "c1", toolName: "http", input: { url: "https://x", apiKey: "plain-secret-value" } }] },
        { role: "user", content: [{ type: "image", image: new Uint8Array(1234) }] },
      ],
      tools: { read_file: { description: "Read a file", parameters: { type: "object" } } },
      answer: { ...answer, toolCalls: [{ toolName: "nope", input: {}, invalid: true, error: "unknown tool" }] },
      secrets: ["server-secret-123456"],
    });
    const json = JSON.stringify(t);
    expect(json).not.toContain("sk-abcdefghijklmnopqrstuvwx");
    expect(json).not.toContain("plain-secret-value");
    expect(json).toContain("[binary data, 1,234 bytes]");
    expect(t.prompt).toMatchObject({ system: "You are the backend agent.", tools: { read_file: { description: "Read a file" } } });
    expect(t.answer).toMatchObject({ text: "Done.", finishReason: "stop" });
    expect(t.repairs).toEqual(['Tool call "nope" was refused and sent back to the model: unknown tool']);
    expect(t.truncated).toBe(false);
    expect(t.promptChars).toBeGreaterThan(100);
  });

  it("caps a huge string and a huge conversation, and says so", () => {
    const big = "x".repeat(MAX_STRING_CHARS + 5_000);
    const many = Array.from({ length: 40 }, (_, i) => ({ role: i % 2 ? "assistant" : "user", content: `${i} ${"y".repeat(20_000)}` }));
    const t = buildTrace({ system: big, messages: many, answer: null });
    const p = t.prompt as { system: string; messages: { content: string }[]; omittedMessages?: number };
    expect(t.truncated).toBe(true);
    expect(p.system).toContain("5,000 more characters not stored");
    expect(JSON.stringify(p).length).toBeLessThanOrEqual(MAX_PROMPT_CHARS);
    expect(p.omittedMessages).toBeGreaterThan(0);
    // The first message (the brief) and the latest ones are kept.
    expect(p.messages[0]!.content.startsWith("0 ")).toBe(true);
    expect(p.messages.at(-1)!.content.startsWith("39 ")).toBe(true);
    expect(t.promptChars).toBeGreaterThan(800_000);
    expect(t.answer).toBeNull();
  });

  it("says when a call re-asked the model", () => {
    const t = buildTrace({ system: "s", messages: [{ role: "user", content: "Your answer could not be used:\n- no title" }], answer });
    expect(t.repairs[0]).toMatch(/asked the model again/);
  });
});
