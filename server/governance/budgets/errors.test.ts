import { describe, expect, it } from "vitest";
import { BudgetExceededError, type ExceededBudget } from "./errors";
import { ceilUsd, estimateInputTokens } from "./estimate";

const budget = (over: Partial<ExceededBudget>): ExceededBudget => ({
  id: "b1",
  orgId: "o1",
  scope: "project",
  scopeId: "p1",
  metric: "usd",
  period: "day",
  policy: "ask",
  limit: 5,
  spent: 4.98,
  held: 0,
  periodStart: new Date("2026-11-26T00:00:00Z"),
  periodEnd: new Date("2026-11-27T00:00:00Z"),
  ...over,
});

describe("BudgetExceededError", () => {
  it("names the budget, what is spent and what the call needed", () => {
    const e = new BudgetExceededError(budget({ held: 0.01 }), 0.1);
    expect(e.message).toBe("The project limit of $5.00 per day is used up ($4.98 spent, $0.0100 held by calls in progress; this call needs up to $0.1000).");
    expect(e).toMatchObject({ code: "PRECONDITION_FAILED", status: 412, policy: "ask", needed: 0.1 });
    expect(e.retryAfterMs).toBeUndefined();
  });

  it("is a 429 with the time to the next window for a per-minute budget", () => {
    const now = new Date("2026-11-26T10:00:45Z");
    const e = new BudgetExceededError(
      budget({ scope: "apiKey", metric: "requests", period: "minute", limit: 60, spent: 60, periodEnd: new Date("2026-11-26T10:01:00Z") }),
      1,
      now,
    );
    expect(e).toMatchObject({ code: "TOO_MANY_REQUESTS", status: 429, retryAfterMs: 15_000 });
    expect(e.message).toBe("The API key limit of 60 requests per minute is reached; try again in 15 s.");
  });

  it("says a run waits for a concurrent-runs slot", () => {
    const e = new BudgetExceededError(budget({ scope: "org", metric: "concurrent_runs", period: "total", limit: 2, spent: 2, periodEnd: null }), 1);
    expect(e.message).toBe("The organisation limit of 2 runs at once is reached (2 running): the run waits in the queue until one finishes.");
  });
});

describe("worst-case estimates", () => {
  it("bounds a prompt by its UTF-8 bytes (a token is at least one byte), plus a little per part", () => {
    expect(estimateInputTokens(["abcdef"])).toBe(6 + 8);
    expect(estimateInputTokens(["abc", undefined, null, [{ role: "user", content: "hi" }]])).toBe(3 + 32 + 16);
    // Multi-byte text counts its bytes, not its characters: "株価" is 2 characters, 6 bytes.
    expect(estimateInputTokens(["株価"])).toBe(6 + 8);
  });

  it("rounds dollars up to the column's 6 decimals, never below the cost", () => {
    expect(ceilUsd(0.000126)).toBe(0.000126);
    expect(ceilUsd(0.0001261)).toBe(0.000127);
    expect(ceilUsd(0.1 + 0.2)).toBe(0.3);
    expect(ceilUsd(-1)).toBe(0);
  });
});
