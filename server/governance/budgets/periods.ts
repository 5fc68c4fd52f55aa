import type { BudgetPeriod } from "./types";

// Budget periods follow the org's calendar: a "day" starts at local midnight in the org's IANA time
// zone, a "month" on the local 1st; minute windows are whole UTC minutes (every zone in use has a
// whole-minute offset, so they are the same local minutes). "total" never rolls.

const EPOCH = new Date(0);

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The org-local calendar fields of an instant. */
function localParts(at: Date, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** Milliseconds the zone is ahead of UTC at an instant. */
function offsetMs(at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant of local midnight starting a calendar day in the zone. Guess with the offset at UTC
 * midnight, then correct once with the offset at the guess (handles DST changes on that day; a day
 * whose midnight does not exist starts at the first instant after it).
 */
export function zonedMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const utcMidnight = Date.UTC(year, month - 1, day);
  let guess = utcMidnight - offsetMs(new Date(utcMidnight), timeZone);
  const corrected = utcMidnight - offsetMs(new Date(guess), timeZone);
  if (corrected !== guess) guess = corrected;
  return new Date(guess);
}

/** Whether the zone is one Intl knows (Org.timeZone is checked when set; a bad stored value falls back to UTC). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The current period of a budget at `at`: [start, end); end is null for "total". */
export function periodBounds(period: BudgetPeriod, timeZone: string, at: Date = new Date()): { start: Date; end: Date | null } {
  const zone = isTimeZone(timeZone) ? timeZone : "UTC";
  switch (period) {
    case "total":
      return { start: EPOCH, end: null };
    case "minute": {
      const start = Math.floor(at.getTime() / 60_000) * 60_000;
      return { start: new Date(start), end: new Date(start + 60_000) };
    }
    case "day": {
      const p = localParts(at, zone);
      const next = new Date(Date.UTC(p.year, p.month - 1, p.day + 1));
      return {
        start: zonedMidnight(p.year, p.month, p.day, zone),
        end: zonedMidnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), zone),
      };
    }
    case "month": {
      const p = localParts(at, zone);
      const next = new Date(Date.UTC(p.year, p.month, 1));
      return {
        start: zonedMidnight(p.year, p.month, 1, zone),
        end: zonedMidnight(next.getUTCFullYear(), next.getUTCMonth() + 1, 1, zone),
      };
    }
  }
}

export { sqlTimestamp } from "@/server/db/sql-time";
