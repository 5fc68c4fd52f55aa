// When a budget runs out at the recent rate. Pure: unit-tested.

export type Forecast = {
  /** Spend per day over the recent window. */
  ratePerDay: number;
  /** Days from now until spent + held reaches the limit at that rate (null: never at this rate). */
  daysLeft: number | null;
  /** "already": at or over the limit; "before_reset": runs out in this period; "after_reset": the period resets first; "never": no recent spend. */
  verdict: "already" | "before_reset" | "after_reset" | "never";
};

/**
 * `recent` is what was spent in the last `windowDays` days (partial today included); `daysToReset`
 * is how long until the period starts over (null for a "total" budget, which never resets).
 */
export function forecastRunOut(opts: { limit: number; used: number; recent: number; windowDays: number; daysToReset: number | null }): Forecast {
  const ratePerDay = opts.windowDays > 0 ? opts.recent / opts.windowDays : 0;
  const left = opts.limit - opts.used;
  if (left <= 0) return { ratePerDay, daysLeft: 0, verdict: "already" };
  if (ratePerDay <= 0) return { ratePerDay, daysLeft: null, verdict: "never" };
  const daysLeft = left / ratePerDay;
  if (opts.daysToReset !== null && daysLeft > opts.daysToReset) return { ratePerDay, daysLeft, verdict: "after_reset" };
  return { ratePerDay, daysLeft, verdict: "before_reset" };
}
