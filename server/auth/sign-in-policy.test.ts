import { describe, expect, it } from "vitest";
import { backoffSeconds, decide, formatWait, refusalMessage, signInPolicy, type Counters } from "./sign-in-policy";

const p = signInPolicy(5);
const now = new Date("2026-11-26T12:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const empty: Counters = { pair: null, source: null, email: null };

describe("sign-in policy", () => {
  it("doubles the wait after each failure past the free ones, up to an hour", () => {
    expect([4, 5, 6, 7, 8].map((n) => backoffSeconds(p, n))).toEqual([0, 30, 60, 120, 240]);
    expect(backoffSeconds(p, 500)).toBe(3600);
  });

  it("admits a fresh attempt and counts it everywhere", () => {
    const d = decide(p, empty, false, now);
    expect(d).toMatchObject({ ok: true, next: { pair: { count: 1 }, source: { count: 1 }, email: { count: 1 } } });
  });

  it("locks a pair for its back-off and lets it try again after", () => {
    const locked = decide(p, { ...empty, pair: { count: 6, since: ago(10) } }, false, now);
    expect(locked).toEqual({ ok: false, reason: "pair", waitSeconds: 50 });
    expect(decide(p, { ...empty, pair: { count: 6, since: ago(61) } }, false, now).ok).toBe(true);
    // A pair quiet for a day starts from zero.
    expect(decide(p, { ...empty, pair: { count: 40, since: ago(86_401) } }, false, now)).toMatchObject({ ok: true, next: { pair: { count: 1 } } });
  });

  it("limits a source across emails, except for a source the account knows", () => {
    const spraying: Counters = { ...empty, source: { count: 15, since: ago(60) } };
    expect(decide(p, spraying, false, now)).toMatchObject({ ok: false, reason: "source", waitSeconds: 840 });
    expect(decide(p, spraying, true, now)).toMatchObject({ ok: true, next: { source: { count: 15 } } });
    expect(decide(p, { ...empty, source: { count: 15, since: ago(901) } }, false, now).ok).toBe(true);
  });

  it("above the email ceiling refuses unknown sources and only slows known ones", () => {
    const attacked: Counters = { ...empty, email: { count: 50, since: ago(600) } };
    expect(decide(p, attacked, false, now)).toMatchObject({ ok: false, reason: "email", waitSeconds: 3000 });
    expect(decide(p, attacked, true, now).ok).toBe(true);
    expect(decide(p, { ...attacked, pair: { count: 1, since: ago(3) } }, true, now)).toEqual({ ok: false, reason: "slowed", waitSeconds: 7 });
    expect(decide(p, { ...attacked, pair: { count: 1, since: ago(11) } }, true, now).ok).toBe(true);
  });

  it("says how long to wait in words", () => {
    expect(formatWait(1)).toBe("1 second");
    expect(formatWait(30)).toBe("30 seconds");
    expect(formatWait(61)).toBe("2 minutes");
    expect(refusalMessage({ reason: "pair", waitSeconds: 30 })).toBe("Too many failed sign-ins for this account from your network. Try again in 30 seconds.");
  });
});
