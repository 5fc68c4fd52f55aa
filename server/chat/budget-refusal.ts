import "server-only";
import type { BudgetExceededError } from "@/server/governance/budgets/errors";

/** The chat's answer when a budget refuses the model call: why, and what the person can do. */
export function budgetRefusal(err: BudgetExceededError): string {
  if (err.budget.period === "minute") return `I can't answer right now: ${err.message}`;
  return `I can't answer this right now: ${err.message} Someone who manages budgets can raise it on Admin → Budgets; until then, or until the budget's period resets, I can't call the model.`;
}
