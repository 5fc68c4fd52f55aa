import "server-only";

export { addUsage, type UsageCall } from "./add-usage";
export { rebuildUsage, usageCoverage } from "./rebuild";
export { forgetOrgTimeZone, orgTimeZone } from "./time-zone";
export { localDay } from "./dates";
export { usageTotals, usageSeries, usageBreakdown, type UsageTotals } from "./series";
export { topProjects, topTasks, projectTaskCosts } from "./top";
export { budgetBurnDown } from "./burn-down";
export { listUsageCalls } from "./calls";
export { exportUsageCsv } from "./export";
export { CallsQuery, ExportQuery, RangeQuery, SeriesQuery, UsageFilter, GROUPS, type GroupBy } from "./schema";
