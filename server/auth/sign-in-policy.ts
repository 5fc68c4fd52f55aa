import "server-only";

/**
 * Sign-in throttling as pure decisions (OWASP authentication cheat sheet): failures are counted per
 * (email, source) with exponential back-off, per source across emails (password spraying), and per
 * email across sources with a generous ceiling. A source the account signed in from before is never
 * locked out by what others do to its email: it skips the per-source limit and the ceiling only
 * slows it down, so an attacker elsewhere cannot lock the owner out.
 */
export type SignInPolicy = {
  /** Failures per (email, source) before back-off starts. */
  pairFreeFailures: number;
  backoffBaseSeconds: number;
  backoffMaxSeconds: number;
  /** A (email, source) pair quiet this long starts again from zero. */
  pairForgetSeconds: number;
  /** Failures per source (any email) per window: stops spraying one password over many emails. */
  sourceFailures: number;
  sourceWindowSeconds: number;
  /** Failures per email from all sources per window: above it, only known sources may try. */
  emailCeiling: number;
  emailWindowSeconds: number;
  /** Above the ceiling, a known source may try once per this many seconds. */
  knownSourceSpacingSeconds: number;
};

export function signInPolicy(limit: number): SignInPolicy {
  return {
    pairFreeFailures: limit,
    backoffBaseSeconds: 30,
    backoffMaxSeconds: 60 * 60,
    pairForgetSeconds: 24 * 60 * 60,
    sourceFailures: limit * 3,
    sourceWindowSeconds: 15 * 60,
    emailCeiling: limit * 10,
    emailWindowSeconds: 60 * 60,
    knownSourceSpacingSeconds: 10,
  };
}

/** A counter as stored: `count` events since `since` (for the pair, `since` is the last attempt). */
export type Counter = { count: number; since: Date } | null;
export type Counters = { pair: Counter; source: Counter; email: Counter };
export type Refusal = { reason: "pair" | "source" | "email" | "slowed"; waitSeconds: number };
export type Decision = { ok: true; next: Required<{ [K in keyof Counters]: NonNullable<Counter> }> } | ({ ok: false } & Refusal);

/** How long a pair stays locked after its `count`-th consecutive failure. */
export function backoffSeconds(p: SignInPolicy, count: number): number {
  if (count < p.pairFreeFailures) return 0;
  const doublings = Math.min(count - p.pairFreeFailures, 20);
  return Math.min(p.backoffBaseSeconds * 2 ** doublings, p.backoffMaxSeconds);
}

const secondsLeft = (since: Date, seconds: number, now: Date) => Math.ceil((since.getTime() + seconds * 1000 - now.getTime()) / 1000);

/** A windowed counter's live value (an expired window counts as empty). */
function inWindow(c: Counter, seconds: number, now: Date): Counter {
  return c && secondsLeft(c.since, seconds, now) > 0 ? c : null;
}

/**
 * Admit an attempt (and count it as a failure until it succeeds: concurrent guesses cannot slip
 * through between check and count) or refuse it with the wait.
 */
export function decide(p: SignInPolicy, counters: Counters, known: boolean, now: Date): Decision {
  const source = inWindow(counters.source, p.sourceWindowSeconds, now);
  const email = inWindow(counters.email, p.emailWindowSeconds, now);
  const pair = inWindow(counters.pair, p.pairForgetSeconds, now);

  if (!known && source && source.count >= p.sourceFailures) {
    return { ok: false, reason: "source", waitSeconds: secondsLeft(source.since, p.sourceWindowSeconds, now) };
  }
  const overCeiling = Boolean(email && email.count >= p.emailCeiling);
  if (overCeiling && !known) return { ok: false, reason: "email", waitSeconds: secondsLeft(email!.since, p.emailWindowSeconds, now) };
  if (pair) {
    const locked = secondsLeft(pair.since, backoffSeconds(p, pair.count), now);
    if (locked > 0) return { ok: false, reason: "pair", waitSeconds: locked };
    const spaced = overCeiling ? secondsLeft(pair.since, p.knownSourceSpacingSeconds, now) : 0;
    if (spaced > 0) return { ok: false, reason: "slowed", waitSeconds: spaced };
  }
  return {
    ok: true,
    next: {
      pair: { count: (pair?.count ?? 0) + 1, since: now },
      // A known source's failures do not count against the network it shares with others.
      source: known ? (source ?? { count: 0, since: now }) : { count: (source?.count ?? 0) + 1, since: source?.since ?? now },
      email: { count: (email?.count ?? 0) + 1, since: email?.since ?? now },
    },
  };
}

export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} second${s === 1 ? "" : "s"}`;
  const m = Math.ceil(s / 60);
  return `${m} minute${m === 1 ? "" : "s"}`;
}

/** The sentence a person sees on the sign-in page. */
export function refusalMessage(r: Refusal): string {
  const wait = formatWait(r.waitSeconds);
  switch (r.reason) {
    case "pair":
      return `Too many failed sign-ins for this account from your network. Try again in ${wait}.`;
    case "source":
      return `Too many failed sign-ins from your network. Try again in ${wait}.`;
    case "email":
      return `This account is receiving too many failed sign-ins. Try again in ${wait}, or from a device that signed in to it before.`;
    case "slowed":
      return `This account is receiving too many failed sign-ins, so attempts are slowed down. Try again in ${wait}.`;
  }
}
