import { describe, expect, it } from "vitest";
import { auditSummary, MAX_SUMMARY_CHARS } from "./summary";

describe("audit input summary", () => {
  it("replaces secret-looking fields at any depth and keeps the rest", () => {
    const at = new Date("2026-01-01T00:00:00Z");
    expect(
      auditSummary({ email: "a@b.c", password: "p", nested: { apiKey: "k", token: "t", keep: 1 }, list: [{ secret: "s" }], at }),
    ).toEqual({
      email: "a@b.c",
      password: "[redacted]",
      nested: { apiKey: "[redacted]", token: "[redacted]", keep: 1 },
      list: [{ secret: "[redacted]" }],
      at: "2026-01-01T00:00:00.000Z",
    });
    expect(auditSummary(undefined)).toBeUndefined();
  });

  it("never throws, whatever the input", () => {
    let deep: unknown = [];
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const hostile = Object.defineProperty({}, "boom", {
      enumerable: true,
      get() {
        throw new Error("getter");
      },
    });
    const inputs = [deep, cyclic, hostile, { when: new Date("nope") }, { s: "a\u0000b\ud800" }, 10n, Symbol("x"), () => 1, new Map([[1, 2]])];
    for (const input of inputs) expect(() => auditSummary(input)).not.toThrow();
    expect(auditSummary({ when: new Date("nope") })).toEqual({ when: "[invalid date]" });
    expect(JSON.stringify(auditSummary({ s: "a\u0000b\ud800" }))).not.toMatch(/\\u0000|\\ud800/);
    expect(auditSummary(hostile)).toBe("[input could not be summarised]");
  });

  it("keeps the summary bounded", () => {
    const huge = { blob: "x".repeat(1_000_000), list: Array.from({ length: 10_000 }, (_, i) => ({ i, text: "y".repeat(500) })) };
    const summary = auditSummary(huge);
    expect(JSON.stringify(summary).length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
    const wide = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, "v".repeat(150)]));
    expect(JSON.stringify(auditSummary(wide)).length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
  });
});
