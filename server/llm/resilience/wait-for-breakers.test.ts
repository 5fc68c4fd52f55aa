import { describe, expect, it } from "vitest";
import { BreakerBoard } from "./breaker";
import { waitForBreakers } from "./wait-for-breakers";

const open = (board: BreakerBoard, key: string) => {
  for (let i = 0; i < 2; i++) board.get(key).failure();
};

describe("waiting for a paused model", () => {
  it("returns at once when a breaker lets calls through", async () => {
    const board = new BreakerBoard({ failureThreshold: 2, windowMs: 60_000, cooldownMs: 60_000 });
    open(board, "a:1");
    expect(await waitForBreakers(board, ["a:1", "b:2"], 10)).toBe(true);
  });

  it("waits for the first cool-down that ends within the limit", async () => {
    const board = new BreakerBoard({ failureThreshold: 2, windowMs: 60_000, cooldownMs: 150 });
    open(board, "a:1");
    const started = performance.now();
    expect(await waitForBreakers(board, ["a:1"], 1_000)).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    expect(board.get("a:1").snapshot().state).toBe("half-open");
  });

  it("gives up at once when every cool-down ends after the limit, and when cancelled", async () => {
    const board = new BreakerBoard({ failureThreshold: 2, windowMs: 60_000, cooldownMs: 60_000 });
    open(board, "a:1");
    const started = performance.now();
    expect(await waitForBreakers(board, ["a:1"], 1_000)).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);

    const soon = new BreakerBoard({ failureThreshold: 2, windowMs: 60_000, cooldownMs: 500 });
    open(soon, "a:1");
    const c = new AbortController();
    setTimeout(() => c.abort(), 20);
    expect(await waitForBreakers(soon, ["a:1"], 1_000, c.signal)).toBe(false);
  });
});
