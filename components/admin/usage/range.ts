import type { Bucket, CallFilter, GroupBy } from "./types";

// Org-local calendar days as "YYYY-MM-DD" (the server says which day is today in the org's zone).

const DAY_MS = 86_400_000;
const parse = (d: string) => Date.parse(`${d}T00:00:00Z`);
export const addDays = (d: string, n: number) => new Date(parse(d) + n * DAY_MS).toISOString().slice(0, 10);

export const PRESETS = {
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  month: "This month",
  "last-month": "Last month",
  year: "Last 12 months",
  custom: "Custom",
} as const;
export type Preset = keyof typeof PRESETS;

export function presetRange(preset: Exclude<Preset, "custom">, today: string): { from: string; to: string } {
  const monthStart = `${today.slice(0, 7)}-01`;
  switch (preset) {
    case "7d":
      return { from: addDays(today, -6), to: today };
    case "30d":
      return { from: addDays(today, -29), to: today };
    case "90d":
      return { from: addDays(today, -89), to: today };
    case "month":
      return { from: monthStart, to: today };
    case "last-month": {
      const end = addDays(monthStart, -1);
      return { from: `${end.slice(0, 7)}-01`, to: end };
    }
    case "year":
      return { from: addDays(today, -364), to: today };
  }
}

/** The last day of the bucket starting at `start`, clipped to the range. */
export function bucketEnd(start: string, bucket: Bucket, to: string): string {
  let end: string;
  if (bucket === "day") end = start;
  else if (bucket === "week") end = addDays(start, 6);
  else {
    const [y, m] = start.split("-").map(Number) as [number, number];
    end = addDays(new Date(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1)).toISOString().slice(0, 10), -1);
  }
  return end < to ? end : to;
}

/** The call filter for one key of a grouping ("" = none). */
export function groupFilter(groupBy: GroupBy, key: string): Partial<CallFilter> {
  switch (groupBy) {
    case "model":
      return { model: key };
    case "agentRole":
      return { agentRole: key };
    case "project":
      return { projectId: key };
    case "user":
      return { userId: key };
    case "apiKey":
      return { apiKeyId: key };
    case "provider":
      return { provider: key };
    case "purpose":
      return { purpose: key };
    case "status":
      return key === "ok" ? { status: "ok" } : { status: "failed" };
  }
}

export const GROUP_LABELS: Record<GroupBy, string> = {
  model: "Model",
  agentRole: "Agent role",
  project: "Project",
  user: "Person",
  apiKey: "API key",
  provider: "Provider",
  purpose: "Purpose",
  status: "Outcome",
};

export const BUCKET_LABELS: Record<Bucket, string> = { day: "Day", week: "Week", month: "Month" };

export const COLORS = ["#6366f1", "#10b981", "#f59e0b", "#ef4444", "#06b6d4", "#a855f7", "#84cc16", "#ec4899", "#94a3b8"];

const shortDate = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });
const monthFmt = new Intl.DateTimeFormat("en", { month: "short", year: "numeric", timeZone: "UTC" });

export function bucketLabel(start: string, bucket: Bucket): string {
  const d = new Date(parse(start));
  return bucket === "month" ? monthFmt.format(d) : shortDate.format(d);
}

export function rangeLabel(from: string, to: string): string {
  const f = new Date(parse(from));
  const t = new Date(parse(to));
  return from === to ? shortDate.format(f) : `${shortDate.format(f)} – ${shortDate.format(t)}`;
}
