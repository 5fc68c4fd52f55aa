import { AppError } from "@/server/errors";
import type { BudgetMetric, BudgetPeriod, BudgetPolicy, BudgetScope } from "./types";

export type ExceededBudget = {
  id: string;
  orgId: string;
  scope: BudgetScope;
  scopeId: string;
  metric: BudgetMetric;
  period: BudgetPeriod;
  policy: BudgetPolicy;
  limit: number;
  spent: number;
  held: number;
  periodStart: Date;
  periodEnd: Date | null;
};

/**
 * A model call (or run) that does not fit a budget. Nothing was held: admission is all or nothing.
 * The policy says what the caller does next (degrade: the gateway tries a cheaper tier; ask: pause and
 * ask a person; stop: stop the project). Minute budgets are rate limits: 429 with retryAfterMs.
 */
export class BudgetExceededError extends AppError {
  readonly policy: BudgetPolicy;
  readonly retryAfterMs?: number;
  constructor(
    readonly budget: ExceededBudget,
    /** What this call wanted to hold on that budget. */
    readonly needed: number,
    now: Date = new Date(),
  ) {
    const rateLimit = budget.period === "minute";
    const retryAfterMs = rateLimit && budget.periodEnd ? Math.max(1, budget.periodEnd.getTime() - now.getTime()) : undefined;
    super(rateLimit ? "TOO_MANY_REQUESTS" : "PRECONDITION_FAILED", describeExceeded(budget, needed, retryAfterMs));
    this.name = "BudgetExceededError";
    this.policy = budget.policy;
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
  }
}

export const isBudgetExceeded = (e: unknown): e is BudgetExceededError => e instanceof BudgetExceededError;

const SCOPE_NAME: Record<BudgetScope, string> = { org: "organisation", project: "project", user: "personal", apiKey: "API key", task: "task" };
const PERIOD_NAME: Record<BudgetPeriod, string> = { minute: "per minute", day: "per day", month: "per month", total: "in total" };

/** An amount of a metric in words: "$4.98", "12,000 tokens", "3 requests". */
export function formatAmount(metric: BudgetMetric, n: number): string {
  switch (metric) {
    case "usd":
      return `$${n < 1 && n > 0 ? n.toFixed(4) : n.toFixed(2)}`;
    case "tokens":
      return `${Math.round(n).toLocaleString("en-US")} tokens`;
    case "requests":
      return `${Math.round(n).toLocaleString("en-US")} requests`;
    case "concurrent_runs":
      return `${Math.round(n)} runs at once`;
  }
}

export function describeExceeded(b: ExceededBudget, needed: number, retryAfterMs?: number): string {
  const what = `The ${SCOPE_NAME[b.scope]} limit of ${formatAmount(b.metric, b.limit)}${b.metric === "concurrent_runs" ? "" : ` ${PERIOD_NAME[b.period]}`}`;
  if (b.metric === "concurrent_runs") return `${what} is reached (${b.spent} running): the run waits in the queue until one finishes.`;
  if (retryAfterMs !== undefined) return `${what} is reached; try again in ${Math.ceil(retryAfterMs / 1000)} s.`;
  const inFlight = b.held > 0 ? `, ${formatAmount(b.metric, b.held)} held by calls in progress` : "";
  return `${what} is used up (${formatAmount(b.metric, b.spent)} spent${inFlight}; this call needs up to ${formatAmount(b.metric, needed)}).`;
}
