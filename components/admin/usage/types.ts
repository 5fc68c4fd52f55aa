import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Out = inferRouterOutputs<AppRouter>["usage"];
type In = inferRouterInputs<AppRouter>["usage"];

export type UsageSeries = Out["series"];
export type UsageTotals = Out["overview"]["totals"];
export type BudgetBurnDown = Out["budgets"][number];
export type TopProjects = Out["top"]["projects"];
export type TopTasks = Out["top"]["tasks"];
export type ProjectCost = Out["project"];
export type UsageCallRow = Out["calls"]["items"][number];
export type GroupBy = NonNullable<In["series"]["groupBy"]>;
export type Bucket = NonNullable<In["series"]["bucket"]>;

/** The filter behind a number: what the calls drawer lists and the CSV export writes. */
export type CallFilter = {
  from: string;
  to: string;
  projectId?: string;
  taskId?: string;
  userId?: string;
  apiKeyId?: string;
  agentRole?: string;
  provider?: string;
  model?: string;
  purpose?: string;
  status?: "ok" | "failed";
};

export const OTHER_KEY = "__other__";
