// The vocabulary of budgets, as stored in the Budget table (plain strings there).

export const BUDGET_SCOPES = ["org", "project", "user", "apiKey", "task"] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];

export const BUDGET_METRICS = ["usd", "tokens", "requests", "concurrent_runs"] as const;
export type BudgetMetric = (typeof BUDGET_METRICS)[number];

export const BUDGET_PERIODS = ["minute", "day", "month", "total"] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export const BUDGET_POLICIES = ["degrade", "ask", "stop"] as const;
export type BudgetPolicy = (typeof BUDGET_POLICIES)[number];

/** The metrics a model call is admitted against (concurrent runs are enforced where runs are claimed). */
export const CALL_METRICS = ["usd", "tokens", "requests"] as const satisfies readonly BudgetMetric[];
export type CallMetric = (typeof CALL_METRICS)[number];

/** Who a model call is for. The org's own budget has scopeId = orgId. */
export type AdmissionScope = {
  orgId: string;
  projectId?: string | null;
  taskId?: string | null;
  userId?: string | null;
  apiKeyId?: string | null;
};

/** The most one call can cost: input tokens estimated from the prompt plus maxOutputTokens, at the model's prices. */
export type WorstCase = { usd: number; tokens: number };

/** What a finished call really cost (requests: 1 for a call that reached the provider, else 0). */
export type ActualUse = { usd: number; tokens: number; requests: number };

export type HeldBudget = {
  budgetId: string;
  metric: CallMetric;
  period: BudgetPeriod;
  timeZone: string;
  amount: number;
};

/** The holds of one admitted call; settle or release it exactly once. */
export type Admission = {
  id: string;
  orgId: string;
  /** Budgets held on, in id order (empty: no budget applies and nothing was written). */
  budgets: HeldBudget[];
};
