import type { BreakerBoard } from "./breaker";
import { sleep } from "./signals";

// When every candidate of a call is paused, waiting a moment for a probe slot beats failing the task
// over a cool-down; waiting longer than the back-off cap does not.

const BREAKER_POLL_MS = 100;

/** True once one of the breakers would let a call through, false after `maxWaitMs` or when cancelled. */
export async function waitForBreakers(board: BreakerBoard, keys: string[], maxWaitMs: number, signal?: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + maxWaitMs;
  const ready = () => keys.some((k) => board.get(k).wouldAllow());
  while (!ready()) {
    const retryAts = keys.map((k) => board.get(k).snapshot().retryAt).filter((t): t is string => t !== null).map((t) => Date.parse(t));
    const next = retryAts.length > 0 ? Math.min(...retryAts) : Date.now() + BREAKER_POLL_MS;
    // Too far off: failing now, readably, beats holding the task.
    if (next > deadline) return false;
    try {
      await sleep(Math.max(BREAKER_POLL_MS, next - Date.now()), signal);
    } catch {
      return false;
    }
  }
  return true;
}
