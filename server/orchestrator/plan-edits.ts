import "server-only";
import { CostedPlan, planProblems } from "@/lib/plan";
import { planEditProblems } from "@/lib/plan-rules";
import { roleLabel } from "@/lib/role-names";
import { db, type Prisma, type Tx } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { withEvents } from "@/server/events";
import { priced, quotesForProject, teamRoles } from "./planner";

type Actor = { userId: string; name: string };

/**
 * What is wrong with a plan a person edited, as sentences: roles from the org's team, known keys, no
 * cycles. `existingKeys`: a change's project tasks (it may wait for them, never reuse their keys).
 */
export async function editedPlanProblems(orgId: string, plan: CostedPlan, client: Tx = db, existingKeys: string[] = []): Promise<string[]> {
  const roles = await teamRoles(orgId, client);
  const problems = planEditProblems(plan.tasks, { roles, existingKeys, roleName: roleLabel });
  // The planner's own graph check stays the last word (it is what approval has always enforced).
  if (problems.length === 0) problems.push(...planProblems({ tasks: [...existingKeys.map((key) => ({ key, dependsOn: [] })), ...plan.tasks] as CostedPlan["tasks"] }));
  return [...new Set(problems)];
}

/** Re-prices an edited plan after checking it; the browser's numbers are never trusted. */
export async function checkedEdit(orgId: string, edited: CostedPlan, tx: Tx, quotes: Awaited<ReturnType<typeof quotesForProject>>, existingKeys: string[] = [], what = "The edited plan"): Promise<CostedPlan> {
  const problems = await editedPlanProblems(orgId, edited, tx, existingKeys);
  if (problems.length) throw new AppError("BAD_REQUEST", `${what} cannot be saved: ${problems.join(" ")}`);
  return priced(orgId, edited, tx, quotes);
}

/**
 * Saves an edited plan without approving it: a new project's draft plan, or a pending change request's
 * plan. Nothing runs; the card shows the saved plan to everyone until someone approves or cancels it.
 */
export async function savePlan(projectId: string, actor: Actor, edited: CostedPlan, changeId?: string): Promise<CostedPlan> {
  const quotes = await quotesForProject(projectId);
  return withEvents(async (tx, emit) => {
    const project = await tx.project.findUnique({ where: { id: projectId } });
    if (!project) throw notFound("Project");
    if (changeId) {
      const change = await tx.changeRequest.findFirst({ where: { id: changeId, projectId } });
      if (!change) throw notFound("Change request");
      if (change.status !== "pending") throw new AppError("CONFLICT", `This change was already ${change.status}, so it can no longer be edited.`);
      const existing = (await tx.task.findMany({ where: { projectId }, select: { key: true } })).map((t) => t.key);
      const plan = await checkedEdit(project.orgId, edited, tx, quotes, existing, "The edited change");
      const { count } = await tx.changeRequest.updateMany({ where: { id: changeId, status: "pending" }, data: { plan: plan as Prisma.InputJsonValue } });
      if (count === 0) throw new AppError("CONFLICT", "This change was decided while you were editing it.");
      await emit({
        orgId: project.orgId,
        projectId,
        type: "change.proposed",
        payload: { changeId, name: plan.name, tasks: plan.tasks.length, costUsd: plan.totals.costUsd, minutes: plan.totals.minutes, by: actor.name },
      });
      return plan;
    }
    if (project.status !== "draft") {
      throw new AppError("CONFLICT", `This plan was already ${project.status === "cancelled" ? "cancelled" : "approved"}, so it can no longer be edited.`);
    }
    const plan = await checkedEdit(project.orgId, edited, tx, quotes);
    // Compare-and-set on the status: an approval at the same moment wins, and this save is refused.
    const { count } = await tx.project.updateMany({ where: { id: projectId, status: "draft" }, data: { plan: plan as Prisma.InputJsonValue, name: plan.name, goal: plan.goal } });
    if (count === 0) throw new AppError("CONFLICT", "This plan was approved or cancelled while you were editing it.");
    await emit({ orgId: project.orgId, projectId, type: "plan.proposed", payload: { name: plan.name, tasks: plan.tasks.length, costUsd: plan.totals.costUsd, by: actor.name } });
    return plan;
  });
}
