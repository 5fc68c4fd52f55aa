import { z } from "zod";

// Budgets as people see them: the levels, metrics, periods and policies, their labels, and the
// input schema shared by the admin page and the budgets router.

export const BUDGET_SCOPES = ["org", "project", "user", "apiKey"] as const;
export const BUDGET_METRICS = ["usd", "tokens", "requests", "concurrent_runs"] as const;
export const BUDGET_PERIODS = ["minute", "day", "month", "total"] as const;
export const BUDGET_POLICIES = ["degrade", "ask", "stop"] as const;
export type BudgetScopeName = (typeof BUDGET_SCOPES)[number] | "task";
export type BudgetMetricName = (typeof BUDGET_METRICS)[number];
export type BudgetPeriodName = (typeof BUDGET_PERIODS)[number];
export type BudgetPolicyName = (typeof BUDGET_POLICIES)[number];

export const SCOPE_LABELS: Record<BudgetScopeName, string> = { org: "Organisation", project: "Project", user: "Person", apiKey: "API key", task: "Task" };
export const METRIC_LABELS: Record<BudgetMetricName, string> = { usd: "Dollars", tokens: "Tokens", requests: "Requests", concurrent_runs: "Concurrent runs" };
export const PERIOD_LABELS: Record<BudgetPeriodName, string> = { minute: "per minute", day: "per day", month: "per month", total: "in total" };
export const POLICY_LABELS: Record<BudgetPolicyName, string> = {
  degrade: "Degrade to a cheaper model",
  ask: "Pause and ask a person",
  stop: "Stop the project",
};

/** Which periods each metric takes: rates are per minute, concurrency has no period. */
export const METRIC_PERIODS: Record<BudgetMetricName, readonly BudgetPeriodName[]> = {
  usd: ["day", "month", "total"],
  tokens: ["minute", "day", "month", "total"],
  requests: ["minute", "day"],
  concurrent_runs: ["total"],
};

/** Concurrency is counted per org and per project only (runs have no user or key). */
export const METRIC_SCOPES: Record<BudgetMetricName, readonly BudgetScopeName[]> = {
  usd: BUDGET_SCOPES,
  tokens: BUDGET_SCOPES,
  requests: BUDGET_SCOPES,
  concurrent_runs: ["org", "project"],
};

/** Above these a limit is a typo, not a budget. */
export const MAX_LIMIT: Record<BudgetMetricName, number> = {
  usd: 10_000_000,
  tokens: 1_000_000_000_000,
  requests: 10_000_000,
  concurrent_runs: 10_000,
};

export const TASK_MULTIPLIER = { min: 1, max: 100, default: 2 } as const;

const intFmt = new Intl.NumberFormat("en");
const usdFmt = new Intl.NumberFormat("en", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatBudgetAmount(metric: string, value: number): string {
  switch (metric) {
    case "usd":
      return value > 0 && value < 0.01 ? `$${value.toFixed(4)}` : usdFmt.format(value);
    case "tokens":
      return `${intFmt.format(Math.round(value))} tokens`;
    case "requests":
      return `${intFmt.format(Math.round(value))} ${Math.round(value) === 1 ? "request" : "requests"}`;
    case "concurrent_runs":
      return `${intFmt.format(Math.round(value))} concurrent ${Math.round(value) === 1 ? "run" : "runs"}`;
    default:
      return intFmt.format(value);
  }
}

/** "$5.00 per day", "60 requests per minute", "3 concurrent runs". */
export function describeLimit(metric: string, period: string, limit: number): string {
  const amount = formatBudgetAmount(metric, limit);
  return metric === "concurrent_runs" ? amount : `${amount} ${PERIOD_LABELS[period as BudgetPeriodName] ?? period}`;
}

const Limit = z.number({ error: "The limit must be a number" }).finite("The limit must be a finite number");

export const BudgetFields = z.object({
  limit: Limit,
  policy: z.enum(BUDGET_POLICIES),
  /** Saving a limit below what is already spent this period needs this (new calls are refused at once). */
  confirmBelowSpent: z.boolean().optional(),
});

export const CreateBudgetInput = BudgetFields.extend({
  scope: z.enum(BUDGET_SCOPES),
  /** The project, user or API key id; ignored (the org) for the org level. */
  scopeId: z.string().max(64).optional(),
  metric: z.enum(BUDGET_METRICS),
  period: z.enum(BUDGET_PERIODS),
});
export type CreateBudgetInput = z.infer<typeof CreateBudgetInput>;

/** Problems with a limit, each naming the field, or null. */
export function limitProblem(metric: BudgetMetricName, limit: number): string | null {
  if (!Number.isFinite(limit)) return "limit: Enter a number.";
  if (limit <= 0) return "limit: A budget limit must be more than zero (delete the budget to remove it).";
  if (limit > MAX_LIMIT[metric]) return `limit: ${formatBudgetAmount(metric, limit)} is not a plausible limit; the most a budget takes is ${formatBudgetAmount(metric, MAX_LIMIT[metric])}.`;
  if (metric !== "usd" && !Number.isInteger(limit)) return `limit: ${METRIC_LABELS[metric]} are counted in whole numbers.`;
  return null;
}
