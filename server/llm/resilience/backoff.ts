// Exponential back-off with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
// a random wait in [0, min(cap, base·2^n)], so clients that failed together do not retry together.
// A provider's Retry-After wins over the formula when it is longer. Pure: tested directly.

export type BackoffPolicy = { baseMs: number; capMs: number };

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000 };

/** The wait before retry number `retry` (0 for the first retry). */
export function backoffDelay(retry: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retry));
  return Math.floor(random() * ceiling);
}

/**
 * The wait before the next try of the same model, or null when waiting is pointless: the provider asked
 * for longer than the cap (moving to the next candidate beats sitting idle).
 */
export function retryDelay(retry: number, retryAfterMs: number | null, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number | null {
  if (retryAfterMs !== null) {
    if (retryAfterMs > policy.capMs) return null;
    return Math.max(retryAfterMs, backoffDelay(retry, policy, random));
  }
  return backoffDelay(retry, policy, random);
}
