import { describe, expect, it } from "vitest";
import { BreakerBoard, CircuitBreaker } from "./breaker";

const policy = { failureThreshold: 3, windowMs: 10_000, cooldownMs: 5_000 };

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("circuit breaker", () => {
  it("opens after N failures within the window and refuses calls", () => {
    const c = clock();
    const b = new CircuitBreaker("openai:gpt", policy, c.now);
    expect(b.failure("500")).toBe(false);
    expect(b.failure("500")).toBe(false);
    expect(b.tryAcquire()).toBe(true);
    expect(b.failure("429")).toBe(true); // this one opened it
    expect(b.tryAcquire()).toBe(false);
    const s = b.snapshot();
    expect(s).toMatchObject({ key: "openai:gpt", state: "open", lastError: "429", recentFailures: 3 });
    expect(s.retryAt).toBe(new Date(c.now() + 5_000).toISOString());
  });

  it("forgets failures older than the window", () => {
    const c = clock();
    const b = new CircuitBreaker("k", policy, c.now);
    b.failure();
    b.failure();
    c.advance(10_001);
    b.failure();
    expect(b.snapshot()).toMatchObject({ state: "closed", recentFailures: 1 });
    expect(b.tryAcquire()).toBe(true);
  });

  it("lets exactly one probe through after the cool-down, and closes on its success", () => {
    const c = clock();
    const b = new CircuitBreaker("k", policy, c.now);
    for (let i = 0; i < 3; i++) b.failure();
    c.advance(4_999);
    expect(b.tryAcquire()).toBe(false);
    c.advance(1);
    expect(b.snapshot().state).toBe("half-open");
    expect(b.tryAcquire()).toBe(true); // the probe
    expect(b.tryAcquire()).toBe(false); // everyone else waits for its verdict
    b.success();
    expect(b.snapshot()).toMatchObject({ state: "closed", recentFailures: 0, retryAt: null });
    expect(b.tryAcquire()).toBe(true);
  });

  it("opens again for a whole cool-down when the probe fails", () => {
    const c = clock();
    const b = new CircuitBreaker("k", policy, c.now);
    for (let i = 0; i < 3; i++) b.failure();
    c.advance(5_000);
    expect(b.tryAcquire()).toBe(true);
    b.failure("still down");
    expect(b.snapshot()).toMatchObject({ state: "open", retryAt: new Date(c.now() + 5_000).toISOString() });
    expect(b.tryAcquire()).toBe(false);
  });

  it("frees the probe slot when the probe says nothing about health (cancelled, bad request)", () => {
    const c = clock();
    const b = new CircuitBreaker("k", policy, c.now);
    for (let i = 0; i < 3; i++) b.failure();
    c.advance(5_000);
    expect(b.tryAcquire()).toBe(true);
    b.neutral();
    expect(b.snapshot().state).toBe("half-open");
    expect(b.tryAcquire()).toBe(true);
  });

  it("says whether a call would pass without taking the probe slot", () => {
    const c = clock();
    const b = new CircuitBreaker("k", policy, c.now);
    expect(b.wouldAllow()).toBe(true);
    for (let i = 0; i < 3; i++) b.failure();
    expect(b.wouldAllow()).toBe(false);
    c.advance(5_000);
    expect(b.wouldAllow()).toBe(true);
    expect(b.wouldAllow()).toBe(true); // asking twice takes nothing
    expect(b.tryAcquire()).toBe(true);
    expect(b.wouldAllow()).toBe(false); // the probe is out
  });

  it("keeps one breaker per provider:model on a board", () => {
    const c = clock();
    const board = new BreakerBoard(policy, c.now);
    for (let i = 0; i < 3; i++) board.get("openai:a").failure();
    board.get("anthropic:b").success();
    expect(board.get("openai:a")).toBe(board.get("openai:a"));
    expect(board.states().map((s) => [s.key, s.state])).toEqual([
      ["anthropic:b", "closed"],
      ["openai:a", "open"],
    ]);
  });
});
