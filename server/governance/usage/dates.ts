// Calendar arithmetic on org-local days ("YYYY-MM-DD") and their UTC instants. Pure: unit-tested.

export type Bucket = "day" | "week" | "month";

const DAY_MS = 86_400_000;

export function parseDay(day: string): number {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return formatDay(parseDay(day) + n * DAY_MS);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((parseDay(to) - parseDay(from)) / DAY_MS);
}

/** The local calendar day of `instant` in `tz`. */
export function localDay(instant: Date, tz: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Milliseconds the wall clock in `tz` is ahead of UTC at `instant`. */
function offsetMs(instant: number, tz: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const n = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second")) - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant at which local day `day` begins in `tz` (twice refined: offsets change at DST). */
export function startOfLocalDay(day: string, tz: string): Date {
  const wall = parseDay(day);
  let guess = wall - offsetMs(wall, tz);
  guess = wall - offsetMs(guess, tz);
  return new Date(guess);
}

/** The first day of the bucket holding `day` (weeks start on Monday, as Postgres' date_trunc). */
export function bucketStart(day: string, bucket: Bucket): string {
  if (bucket === "day") return day;
  if (bucket === "month") return `${day.slice(0, 7)}-01`;
  const weekday = (new Date(parseDay(day)).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(day, -weekday);
}

/** The day after the bucket that starts at `start` ends. */
export function nextBucket(start: string, bucket: Bucket): string {
  if (bucket === "day") return addDays(start, 1);
  if (bucket === "week") return addDays(start, 7);
  const [y, m] = start.split("-").map(Number) as [number, number];
  return formatDay(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1));
}

/** Every bucket start from the bucket of `from` to the bucket of `to`. */
export function bucketStarts(from: string, to: string, bucket: Bucket): string[] {
  const out: string[] = [];
  for (let b = bucketStart(from, bucket); b <= to; b = nextBucket(b, bucket)) out.push(b);
  return out;
}
