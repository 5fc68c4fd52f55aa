import { describe, expect, it } from "vitest";
import { attemptSignal, sleep } from "./signals";

describe("attempt signals", () => {
  it("tells a timeout from the caller's cancellation", async () => {
    const timed = attemptSignal(undefined, 20);
    await new Promise((r) => setTimeout(r, 40));
    expect(timed.signal.aborted).toBe(true);
    expect(timed.timedOut()).toBe(true);
    expect(timed.cancelled()).toBe(false);

    const caller = new AbortController();
    const s = attemptSignal(caller.signal, 10_000);
    caller.abort(new Error("stopped"));
    expect(s.signal.aborted).toBe(true);
    expect(s.cancelled()).toBe(true);
    expect(s.timedOut()).toBe(false);
  });

  it("sleeps, and wakes early with the caller's reason when cancelled", async () => {
    const started = performance.now();
    await sleep(20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    const c = new AbortController();
    setTimeout(() => c.abort(new Error("stopped")), 10);
    await expect(sleep(10_000, c.signal)).rejects.toThrow("stopped");
  });
});
