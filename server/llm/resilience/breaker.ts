// A circuit breaker per provider and model, in process. Closed: calls pass and failures are counted in a
// sliding window; `failureThreshold` failures within `windowMs` open it. Open: calls are refused until
// `cooldownMs` has passed. Half-open: exactly one probe passes; its success closes the breaker, its
// failure opens it again for another cool-down. The clock is injected so the state machine is tested directly.

export type BreakerPolicy = { failureThreshold: number; windowMs: number; cooldownMs: number };
export const DEFAULT_BREAKER: BreakerPolicy = { failureThreshold: 5, windowMs: 60_000, cooldownMs: 30_000 };

export type BreakerState = "closed" | "open" | "half-open";

export type BreakerSnapshot = {
  key: string;
  state: BreakerState;
  /** Failures counted in the current window (closed), or that opened it. */
  recentFailures: number;
  /** When an open breaker lets a probe through (ISO time); null unless open. */
  retryAt: string | null;
  /** When it last opened (ISO time). */
  openedAt: string | null;
  lastError: string | null;
};

export class CircuitBreaker {
  private failures: number[] = [];
  private state: BreakerState = "closed";
  private openedAt = 0;
  private probeOut = false;
  private lastError: string | null = null;

  constructor(
    readonly key: string,
    private readonly policy: BreakerPolicy = DEFAULT_BREAKER,
    private readonly now: () => number = Date.now,
  ) {}

  /** May a call go out now? In half-open, the first caller becomes the probe and everyone else is refused. */
  tryAcquire(): boolean {
    this.advance();
    if (this.state === "closed") return true;
    if (this.state === "open" || this.probeOut) return false;
    this.probeOut = true;
    return true;
  }

  /** Whether tryAcquire would let a call through now, without taking the probe slot. */
  wouldAllow(): boolean {
    this.advance();
    return this.state === "closed" || (this.state === "half-open" && !this.probeOut);
  }

  success(): void {
    this.state = "closed";
    this.failures = [];
    this.probeOut = false;
  }

  /** Counts a failure; true when this one opened the breaker. */
  failure(error?: string): boolean {
    const t = this.now();
    this.lastError = error ?? null;
    if (this.state === "half-open") {
      this.open(t);
      return true;
    }
    if (this.state === "open") return false;
    this.failures = this.failures.filter((f) => t - f < this.policy.windowMs);
    this.failures.push(t);
    if (this.failures.length < this.policy.failureThreshold) return false;
    this.open(t);
    return true;
  }

  /** The call ended without saying anything about the provider's health (cancelled, bad request): free the probe slot. */
  neutral(): void {
    this.probeOut = false;
  }

  snapshot(): BreakerSnapshot {
    this.advance();
    const t = this.now();
    const recent = this.state === "closed" ? this.failures.filter((f) => t - f < this.policy.windowMs).length : this.failures.length;
    return {
      key: this.key,
      state: this.state,
      recentFailures: recent,
      retryAt: this.state === "open" ? new Date(this.openedAt + this.policy.cooldownMs).toISOString() : null,
      openedAt: this.openedAt ? new Date(this.openedAt).toISOString() : null,
      lastError: this.lastError,
    };
  }

  private open(t: number) {
    this.state = "open";
    this.openedAt = t;
    this.probeOut = false;
  }

  private advance() {
    if (this.state === "open" && this.now() - this.openedAt >= this.policy.cooldownMs) {
      this.state = "half-open";
      this.probeOut = false;
    }
  }
}

/** The breakers of one process, by "provider:model". */
export class BreakerBoard {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(
    private readonly policy: BreakerPolicy = DEFAULT_BREAKER,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): CircuitBreaker {
    let b = this.breakers.get(key);
    if (!b) {
      b = new CircuitBreaker(key, this.policy, this.now);
      this.breakers.set(key, b);
    }
    return b;
  }

  states(): BreakerSnapshot[] {
    return [...this.breakers.values()].map((b) => b.snapshot()).sort((a, b) => a.key.localeCompare(b.key));
  }
}
