import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { ensureTaskBudgets } from "@/server/governance/budgets";
import { addProvider } from "@/server/governance/catalog/credentials";
import { addModel, setTier } from "@/server/governance/catalog/entries";
import { configureProviders, estimateCostAt, resolveModelFor } from "@/server/llm";
import { outputAllowance } from "@/server/llm/pipeline/admission";
import { costOf } from "@/server/llm/prices";
import { orgWithRoles } from "./fixtures";

// A task's default budget leaves room for its estimate plus one step's worst case, so that on a priced
// model the first step is not held above the budget (2× a small estimate is less than one step's hold).

afterEach(() => configureProviders(null));

const PRICE = { inputPerMTok: 3, outputPerMTok: 15, cachedReadPerMTok: 0.3, cacheWritePerMTok: 3.75 };

async function pricedTask(settings: { taskBudgetMultiplier?: number } = {}) {
  const fx = await orgWithRoles();
  const provider = await addProvider(fx.org.id, fx.people.owner.user.id, { kind: "compatible", name: `Priced ${Date.now()}`, baseUrl: "http://127.0.0.1:9/v1" });
  const model = await addModel(fx.org.id, fx.people.owner.user.id, { credentialId: provider.id, modelId: "priced-llm", contextWindow: 32_000, maxOutputTokens: 4_096, price: PRICE });
  for (const tier of ["fast", "standard", "deep"] as const) await setTier(fx.org.id, tier, model.id);
  await db.project.update({ where: { id: fx.project.id }, data: { settings } });
  const resolved = await resolveModelFor(fx.org.id, "standard");
  // A small task as the planner prices it: 4,000 tokens at the model's price.
  const costUsd = estimateCostAt(resolved.price, 4_000);
  const task = await db.task.create({
    data: { orgId: fx.org.id, projectId: fx.project.id, key: "small", title: "A small task", role: "backend", description: "Does a small thing", estimate: { tokens: 4_000, minutes: 2, costUsd } },
  });
  await ensureTaskBudgets(task.id);
  const budget = await db.budget.findFirstOrThrow({ where: { scope: "task", scopeId: task.id } });
  const stepWorst = costOf(resolved.price, { inputTokens: resolved.contextWindow, outputTokens: outputAllowance(resolved, {}), cachedInputTokens: 0 });
  return { costUsd, stepWorst, limit: Number(budget.limit), policy: budget.policy };
}

describe("a task's default budget", () => {
  it("is the estimate plus one step's worst case when that is more than twice the estimate", async () => {
    const { costUsd, stepWorst, limit, policy } = await pricedTask();
    // The premise: on this model one step may hold more than twice the task's estimate.
    expect(stepWorst).toBeGreaterThan(costUsd * 2);
    expect(limit).toBeCloseTo(costUsd + stepWorst, 6);
    expect(limit).toBeGreaterThanOrEqual(costUsd + stepWorst);
    expect(policy).toBe("ask");
  });

  it("keeps a multiplier the project chose", async () => {
    const { costUsd, limit } = await pricedTask({ taskBudgetMultiplier: 3 });
    expect(limit).toBe(Math.ceil(costUsd * 3 * 1e6) / 1e6);
  });
});
