import { describe, expect, it } from "vitest";
import { forecastRunOut } from "./forecast";

describe("forecastRunOut", () => {
  it("runs out before the reset at the recent rate", () => {
    const f = forecastRunOut({ limit: 100, used: 40, recent: 70, windowDays: 7, daysToReset: 20 });
    expect(f.ratePerDay).toBe(10);
    expect(f.daysLeft).toBe(6);
    expect(f.verdict).toBe("before_reset");
  });
  it("says the period resets first when the money lasts longer", () => {
    expect(forecastRunOut({ limit: 100, used: 40, recent: 7, windowDays: 7, daysToReset: 20 }).verdict).toBe("after_reset");
  });
  it("a total budget never resets", () => {
    const f = forecastRunOut({ limit: 100, used: 40, recent: 7, windowDays: 7, daysToReset: null });
    expect(f).toMatchObject({ daysLeft: 60, verdict: "before_reset" });
  });
  it("no recent spend never runs out; over the limit already has", () => {
    expect(forecastRunOut({ limit: 10, used: 1, recent: 0, windowDays: 7, daysToReset: 3 }).verdict).toBe("never");
    expect(forecastRunOut({ limit: 10, used: 10, recent: 0, windowDays: 7, daysToReset: 3 })).toMatchObject({ daysLeft: 0, verdict: "already" });
  });
});
