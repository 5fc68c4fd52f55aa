import { describe, expect, it } from "vitest";
import { periodBounds, zonedMidnight } from "./periods";

describe("budget periods", () => {
  it("start a day at local midnight in the org's time zone", () => {
    // 03:30 UTC on 26 Nov is still 25 Nov in New York (UTC-5).
    const at = new Date("2026-11-26T03:30:00Z");
    expect(periodBounds("day", "UTC", at)).toEqual({ start: new Date("2026-11-26T00:00:00Z"), end: new Date("2026-11-27T00:00:00Z") });
    expect(periodBounds("day", "America/New_York", at)).toEqual({
      start: new Date("2026-11-25T05:00:00Z"),
      end: new Date("2026-11-26T05:00:00Z"),
    });
    expect(periodBounds("day", "Asia/Tokyo", at).start).toEqual(new Date("2026-11-25T15:00:00Z"));
  });

  it("start a month on the local 1st, across a DST change", () => {
    const at = new Date("2026-11-15T12:00:00Z");
    // New York: 1 Nov is EDT (UTC-4), 1 Dec is EST (UTC-5).
    expect(periodBounds("month", "America/New_York", at)).toEqual({
      start: new Date("2026-11-01T04:00:00Z"),
      end: new Date("2026-12-01T05:00:00Z"),
    });
    // A moment before local midnight on 1 Dec in Sydney is still November there… and 1 Dec after it.
    expect(periodBounds("month", "Australia/Sydney", new Date("2026-11-30T12:59:59Z")).start).toEqual(new Date("2026-10-31T13:00:00Z"));
    expect(periodBounds("month", "Australia/Sydney", new Date("2026-11-30T13:00:00Z")).start).toEqual(new Date("2026-11-30T13:00:00Z"));
  });

  it("handles the days DST starts and ends (23 and 25 hours long)", () => {
    const spring = periodBounds("day", "America/New_York", new Date("2026-03-08T12:00:00Z"));
    expect(spring.end!.getTime() - spring.start.getTime()).toBe(23 * 3_600_000);
    const autumn = periodBounds("day", "America/New_York", new Date("2026-11-01T12:00:00Z"));
    expect(autumn.end!.getTime() - autumn.start.getTime()).toBe(25 * 3_600_000);
    expect(zonedMidnight(2026, 11, 1, "America/New_York")).toEqual(new Date("2026-11-01T04:00:00Z"));
  });

  it("uses whole minutes for minute windows and never rolls a total", () => {
    expect(periodBounds("minute", "Asia/Kolkata", new Date("2026-11-26T03:30:42.5Z"))).toEqual({
      start: new Date("2026-11-26T03:30:00Z"),
      end: new Date("2026-11-26T03:31:00Z"),
    });
    expect(periodBounds("total", "UTC")).toEqual({ start: new Date(0), end: null });
  });

  it("falls back to UTC for an unknown zone", () => {
    expect(periodBounds("day", "Mars/Olympus", new Date("2026-11-26T03:30:00Z")).start).toEqual(new Date("2026-11-26T00:00:00Z"));
  });
});
