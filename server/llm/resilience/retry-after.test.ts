import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "./retry-after";

const NOW = Date.parse("2026-11-26T08:00:00Z");

describe("Retry-After", () => {
  it("reads seconds, fractions included", () => {
    expect(parseRetryAfter({ "retry-after": "3" }, NOW)).toBe(3_000);
    expect(parseRetryAfter({ "Retry-After": " 1.5 " }, NOW)).toBe(1_500);
    expect(parseRetryAfter({ "retry-after": "0" }, NOW)).toBe(0);
  });

  it("reads an HTTP date relative to now, a past one as now", () => {
    expect(parseRetryAfter({ "retry-after": "Thu, 26 Nov 2026 08:00:12 GMT" }, NOW)).toBe(12_000);
    expect(parseRetryAfter({ "retry-after": "Thu, 26 Nov 2026 07:59:00 GMT" }, NOW)).toBe(0);
  });

  it("prefers OpenAI's retry-after-ms", () => {
    expect(parseRetryAfter({ "retry-after-ms": "250", "retry-after": "9" }, NOW)).toBe(250);
  });

  it("ignores what it cannot read", () => {
    expect(parseRetryAfter(undefined, NOW)).toBeNull();
    expect(parseRetryAfter({}, NOW)).toBeNull();
    expect(parseRetryAfter({ "retry-after": "soon" }, NOW)).toBeNull();
    expect(parseRetryAfter({ "retry-after": "-5" }, NOW)).toBeNull();
  });
});
