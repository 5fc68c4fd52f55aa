import "server-only";
import {
  budgetBurnDown,
  CallsQuery,
  ExportQuery,
  exportUsageCsv,
  listUsageCalls,
  localDay,
  orgTimeZone,
  projectTaskCosts,
  RangeQuery,
  rebuildUsage,
  SeriesQuery,
  topProjects,
  topTasks,
  usageBreakdown,
  usageCoverage,
  usageSeries,
  usageTotals,
} from "@/server/governance";

import { orgProcedure, projectProcedure, router } from "../trpc";

const ALL_TIME = { from: "1970-01-01", to: "9999-12-31" } as const;

/** The cost panel (Admin → Usage, usage:read) and each project's cost section (projects:read). */
export const usageRouter = router({
  calendar: orgProcedure("org:read").query(async ({ input }) => {
    const timeZone = await orgTimeZone(input.orgId);
    return { timeZone, today: localDay(new Date(), timeZone) };
  }),
  overview: orgProcedure("usage:read")
    .input(RangeQuery)
    .query(async ({ input }) => ({
      totals: await usageTotals(input.orgId, input),
      coverage: await usageCoverage(input.orgId),
    })),
  series: orgProcedure("usage:read")
    .input(SeriesQuery)
    .query(({ input }) => usageSeries(input.orgId, input)),
  breakdown: orgProcedure("usage:read")
    .input(SeriesQuery)
    .query(({ input }) => usageBreakdown(input.orgId, input)),
  top: orgProcedure("usage:read")
    .input(RangeQuery)
    .query(async ({ input }) => ({ projects: await topProjects(input.orgId, input), tasks: await topTasks(input.orgId, input) })),
  budgets: orgProcedure("usage:read").query(({ input }) => budgetBurnDown(input.orgId)),
  calls: orgProcedure("usage:read")
    .input(CallsQuery)
    .query(({ input }) => listUsageCalls(input.orgId, input)),
  exportCsv: orgProcedure("usage:read")
    .input(ExportQuery)
    .query(({ input }) => exportUsageCsv(input.orgId, input)),
  /** Recomputes the org's rollups from its calls (calls from before the rollup existed, a changed time zone). */
  rebuild: orgProcedure("usage:read").mutation(({ ctx, input }) => {
      ctx.audit.targetType = "usage";
      ctx.audit.targetId = input.orgId;
      return rebuildUsage(input.orgId);
    }),

  // A project's cost section: the same queries, pinned to the project.
  project: projectProcedure("projects:read")
    .input(SeriesQuery)
    .query(async ({ ctx, input }) => {
      const orgId = ctx.org.orgId;
      const f = { ...input, projectId: ctx.project.id };
      const [totals, allTime, series, byRole, byModel, tasks, budgets] = await Promise.all([
        usageTotals(orgId, f),
        usageTotals(orgId, { ...ALL_TIME, projectId: ctx.project.id }),
        usageSeries(orgId, f),
        usageBreakdown(orgId, { ...f, groupBy: "agentRole" }),
        usageBreakdown(orgId, { ...f, groupBy: "model" }),
        projectTaskCosts(orgId, ctx.project.id),
        budgetBurnDown(orgId, { projectId: ctx.project.id }),
      ]);
      return { totals, allTime, series, byRole, byModel, ...tasks, budgets };
    }),
  projectCalls: projectProcedure("projects:read")
    .input(CallsQuery)
    .query(({ ctx, input }) => listUsageCalls(ctx.org.orgId, { ...input, projectId: ctx.project.id })),
  projectExportCsv: projectProcedure("projects:read")
    .input(ExportQuery)
    .query(({ ctx, input }) => exportUsageCsv(ctx.org.orgId, { ...input, projectId: ctx.project.id })),
});
