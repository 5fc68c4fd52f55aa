import { describe, expect, it } from "vitest";
import { backoffDelay, retryDelay } from "./backoff";

const policy = { baseMs: 100, capMs: 1_000 };

describe("exponential back-off with full jitter", () => {
  it("draws from [0, base·2^n) and never above the cap", () => {
    expect(backoffDelay(0, policy, () => 0.999)).toBe(99);
    expect(backoffDelay(1, policy, () => 0.999)).toBe(199);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
    expect(backoffDelay(10, policy, () => 0.999)).toBe(999); // 100·2^10 capped at 1 s
    expect(backoffDelay(2, policy, () => 0)).toBe(0); // full jitter may retry at once
  });

  it("spreads clients that failed together across the window", () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const delays = Array.from({ length: 200 }, () => backoffDelay(3, policy, random));
    expect(Math.min(...delays)).toBeLessThan(100);
    expect(Math.max(...delays)).toBeGreaterThan(700);
    expect(delays.every((d) => d >= 0 && d < 800)).toBe(true);
  });

  it("honours a Retry-After that is longer than the drawn wait", () => {
    expect(retryDelay(0, 700, policy, () => 0.5)).toBe(700);
    expect(retryDelay(3, 10, policy, () => 0.5)).toBe(400); // the formula's wait when it is longer
  });

  it("gives up on the model when the provider asks for longer than the cap", () => {
    expect(retryDelay(0, 5_000, policy, () => 0.5)).toBeNull();
    expect(retryDelay(0, null, policy, () => 0.5)).toBe(50);
  });
});
