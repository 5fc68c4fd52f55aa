// Budgets and quotas: admission (holds), settlement, sweeps, status; alerts; management for the router.
export * from "./types";
export { admit, amountFor, type AdmitInput } from "./admission";
export { settle, release } from "./settlement";
export { sweepExpiredHolds } from "./sweep";
export { BudgetExceededError, isBudgetExceeded, describeExceeded, formatAmount, type ExceededBudget } from "./errors";
export { estimateInputTokens, ceilUsd } from "./estimate";
export { periodBounds, isTimeZone, zonedMidnight } from "./periods";
export { budgetStatus, listBudgetStatus, toStatus, type BudgetStatus } from "./status";
export { ensureTaskBudgets, syncProjectTaskBudgets, taskBudgetLimits, DEFAULT_TASK_MULTIPLIER } from "./task-budgets";
export { claimWithinRunLimits, type SlotOutcome } from "./concurrency";
export { checkBudgetAlerts } from "./alerts";
