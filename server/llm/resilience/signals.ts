// One attempt's abort signal: the caller's (cancellation) combined with a per-attempt timeout, and a
// way to tell afterwards which of the two fired.

export type AttemptSignal = { signal: AbortSignal; timedOut(): boolean; cancelled(): boolean };

export function attemptSignal(caller: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = caller ? AbortSignal.any([caller, timeout]) : timeout;
  return {
    signal,
    cancelled: () => caller?.aborted === true,
    timedOut: () => timeout.aborted && caller?.aborted !== true,
  };
}

/** Waits `ms`, or less if the caller cancels (then throws the caller's reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      signal?.removeEventListener("abort", abort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", abort, { once: true });
  });
}
