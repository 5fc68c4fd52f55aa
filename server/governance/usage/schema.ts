import { z } from "zod";
import { daysBetween, parseDay } from "./dates";

// Inputs of the cost panel. A dimension filter of "" means "none" (calls with no project, no key…).

export const MAX_RANGE_DAYS = 800;

export const Day = z
  .string()
  .max(10)
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date like 2026-11-26")
  .refine((d) => !Number.isNaN(parseDay(d)) && new Date(parseDay(d)).toISOString().startsWith(d), "not a calendar date");

export const GROUPS = ["model", "agentRole", "project", "user", "apiKey", "provider", "purpose", "status"] as const;
export type GroupBy = (typeof GROUPS)[number];

const id = z.string().max(64);

export const UsageFilter = z.object({
  from: Day,
  to: Day,
  projectId: id.optional(),
  taskId: id.optional(),
  userId: id.optional(),
  apiKeyId: id.optional(),
  agentRole: z.string().max(64).optional(),
  provider: z.string().max(64).optional(),
  model: z.string().max(200).optional(),
  purpose: z.string().max(64).optional(),
  status: z.enum(["ok", "failed"]).optional(),
});
export type UsageFilter = z.infer<typeof UsageFilter>;

function checkRange(f: { from: string; to: string }, ctx: z.RefinementCtx) {
  if (f.from > f.to) ctx.addIssue({ code: "custom", path: ["from"], message: "The start date is after the end date." });
  else if (daysBetween(f.from, f.to) > MAX_RANGE_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: `Pick at most ${MAX_RANGE_DAYS} days.` });
}

export const SeriesQuery = UsageFilter.extend({
  bucket: z.enum(["day", "week", "month"]).default("day"),
  groupBy: z.enum(GROUPS).default("model"),
}).superRefine(checkRange);
export type SeriesQuery = z.infer<typeof SeriesQuery>;

export const RangeQuery = UsageFilter.superRefine(checkRange);

export const CallsQuery = UsageFilter.extend({
  cursor: id.optional(),
  /** Sent by tRPC's infinite queries; pages always go newest first. */
  direction: z.enum(["forward", "backward"]).optional(),
  limit: z.number().int().min(1).max(200).default(50),
}).superRefine(checkRange);
export type CallsQuery = z.infer<typeof CallsQuery>;

export const ExportQuery = UsageFilter.extend({
  /** "calls": the LlmCall rows behind a chart; "series": the chart's own numbers. */
  kind: z.enum(["calls", "series"]),
  bucket: z.enum(["day", "week", "month"]).default("day"),
  groupBy: z.enum(GROUPS).default("model"),
}).superRefine(checkRange);
export type ExportQuery = z.infer<typeof ExportQuery>;
