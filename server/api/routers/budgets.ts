import "server-only";
import { z } from "zod";
import { BUDGET_POLICIES, BudgetFields, CreateBudgetInput, TASK_MULTIPLIER } from "@/lib/budgets";
import { db } from "@/server/db";
import { createBudget, deleteBudget, listBudgets, listTaskBudgetSettings, setOrgTimeZone, setTaskBudget, updateBudget } from "@/server/governance/budgets/manage";
import { planBudgetFit } from "@/server/governance/budgets/plan-fit";
import { answerBudgetQuestion } from "@/server/orchestrator/budget-answers";
import { orgProcedure, projectProcedure, router } from "../trpc";

const Id = z.string().min(1).max(64);

export const budgetsRouter = router({
  list: orgProcedure("budgets:read").query(({ input }) => listBudgets(input.orgId)),
  /** What a budget can be put on: the org's projects, members and API keys (names only). */
  targets: orgProcedure("budgets:read").query(async ({ input }) => {
    const [projects, members, keys] = await Promise.all([
      db.project.findMany({ where: { orgId: input.orgId, status: { not: "cancelled" } }, orderBy: { createdAt: "desc" }, take: 500, select: { id: true, name: true } }),
      db.membership.findMany({ where: { orgId: input.orgId }, take: 500, select: { user: { select: { id: true, name: true, email: true } } } }),
      db.apiKey.findMany({ where: { orgId: input.orgId, revokedAt: null }, take: 500, select: { id: true, name: true } }),
    ]);
    return { projects, users: members.map((m) => m.user), apiKeys: keys };
  }),
  create: orgProcedure("budgets:manage")
    .input(CreateBudgetInput)
    .mutation(async ({ ctx, input }) => {
      const { orgId, ...fields } = input;
      const created = await createBudget(orgId, fields, ctx.principal.userId);
      Object.assign(ctx.audit, { targetType: "budget", targetId: created.id });
      return created;
    }),
  update: orgProcedure("budgets:manage")
    .input(BudgetFields.partial().extend({ budgetId: Id }))
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "budget", targetId: input.budgetId });
      const { orgId, budgetId, ...fields } = input;
      return updateBudget(orgId, budgetId, fields);
    }),
  delete: orgProcedure("budgets:manage")
    .input(z.object({ budgetId: Id }))
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "budget", targetId: input.budgetId });
      return deleteBudget(input.orgId, input.budgetId);
    }),
  setTimeZone: orgProcedure("org:update")
    .input(z.object({ timeZone: z.string().trim().min(1, "timeZone: Choose a time zone").max(64) }))
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "org", targetId: input.orgId });
      return setOrgTimeZone(input.orgId, input.timeZone);
    }),
  taskBudgets: orgProcedure("budgets:read").query(({ input }) => listTaskBudgetSettings(input.orgId)),
  setTaskBudget: orgProcedure("budgets:manage")
    .input(z.object({ projectId: Id, multiplier: z.number().min(TASK_MULTIPLIER.min).max(TASK_MULTIPLIER.max), policy: z.enum(BUDGET_POLICIES) }))
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "project", targetId: input.projectId });
      return setTaskBudget(input.orgId, input.projectId, input);
    }),
  /** The plan card: the estimate against what is left on the project's and the org's budgets. */
  planFit: projectProcedure("projects:read")
    .input(z.object({ tokens: z.number().min(0).max(1e12), costUsd: z.number().min(0).max(1e9) }))
    .query(({ ctx, input }) => planBudgetFit(ctx.org.orgId, input.projectId, input)),
  /** A run over budget asks: continue on a cheaper model, or stop the task. */
  answer: projectProcedure("tasks:run")
    .input(z.object({ questionId: Id, choice: z.enum(["cheaper", "stop"]) }))
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "question", targetId: input.questionId });
      return answerBudgetQuestion(input.projectId, input.questionId, input.choice, actor(ctx));
    }),
  /** …or raise the budget inline (people who manage budgets), and the run continues. */
  raiseAndContinue: projectProcedure("budgets:manage")
    .input(z.object({ questionId: Id, limit: z.number().finite(), confirmBelowSpent: z.boolean().optional() }))
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "question", targetId: input.questionId });
      return answerBudgetQuestion(input.projectId, input.questionId, "raise", actor(ctx), { limit: input.limit, confirmBelowSpent: input.confirmBelowSpent });
    }),
});

function actor(ctx: { principal: { userId: string; name: string } }) {
  return { userId: ctx.principal.userId, name: ctx.principal.name };
}
