import "server-only";
import { formatEstimate } from "@/lib/estimate";
import { CostedPlan } from "@/lib/plan";
import { checkedEdit } from "./plan-edits";
import { db, type Prisma, type Tx } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { withEvents, type Emit } from "@/server/events";
import { assertPlanFits } from "@/server/governance/budgets/plan-fit";
import { tierQuotes, type TierQuotes } from "@/server/llm";
import { mergedRepairs, planRequest, priced, quotesForProject } from "./planner";
import { emitRepairs } from "./repair-events";
import { scheduleReady } from "./scheduler";
import { createPlanTasks } from "./plan-tasks";

// A change asked for on a project past its draft becomes a pending ChangeRequest: a costed plan of the
// tasks it adds, shown as a plan card. Nothing is added or run until a person approves it; a later
// request while one is pending grows that one (re-priced as a whole), so there is one decision to make.

type Who = { orgId: string; userId: string; name: string; apiKeyId?: string | null };
type Actor = { userId: string; name: string };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Plans the change and stores it as the project's pending change request. */
export async function proposeChange(who: Who, projectId: string, request: string, conversationId: string | null) {
  const [existing, pending] = await Promise.all([
    db.task.findMany({ where: { projectId }, select: { key: true, title: true, role: true, status: true } }),
    db.changeRequest.findFirst({ where: { projectId, status: "pending" } }),
  ]);
  // The pending change's tasks count as existing: new keys must not collide with them either.
  const pendingTasks = pending ? CostedPlan.parse(pending.plan).tasks.map((t) => ({ key: t.key, title: t.title, role: t.role, status: "proposed" })) : [];
  const plan = await planRequest({ orgId: who.orgId, userId: who.userId, apiKeyId: who.apiKeyId, request, existingTasks: [...existing, ...pendingTasks], projectId });
  const quotes = await tierQuotes(who.orgId);

  return withEvents(async (tx, emit) => {
    // Touching the project locks its row: two requests at once cannot both open a pending change.
    await tx.project.update({ where: { id: projectId }, data: { updatedAt: new Date() } });
    const open = await tx.changeRequest.findFirst({ where: { projectId, status: "pending" } });
    let change;
    if (open) {
      const current = CostedPlan.parse(open.plan);
      const merged = await priced(
        who.orgId,
        { ...current, summary: `${current.summary} ${plan.summary}`.slice(0, 2000), tasks: [...current.tasks, ...plan.tasks], ...mergedRepairs(current.repairs, plan.repairs) },
        tx,
        quotes,
      );
      change = await tx.changeRequest.update({
        where: { id: open.id },
        data: { plan: merged as Prisma.InputJsonValue, request: `${open.request}\n${request}`.slice(0, 8000) },
      });
    } else {
      change = await tx.changeRequest.create({
        data: { orgId: who.orgId, projectId, request: request.slice(0, 8000), plan: plan as Prisma.InputJsonValue, conversationId, requestedById: who.userId },
      });
    }
    const stored = CostedPlan.parse(change.plan);
    await emit({
      orgId: who.orgId,
      projectId,
      type: "change.proposed",
      payload: { changeId: change.id, name: stored.name, tasks: stored.tasks.length, costUsd: stored.totals.costUsd, minutes: stored.totals.minutes, by: who.name },
    });
    // This request's repairs only (the stored plan also lists those of the requests it grew from).
    await emitRepairs(emit, { orgId: who.orgId, projectId }, "planning", plan.repairs, who.name);
    return { changeId: change.id, plan: stored, grew: Boolean(open) };
  });
}

/** Checks an edited change against the project's tasks and prices it again: the browser's numbers are never trusted. */
async function validChange(orgId: string, projectId: string, edited: CostedPlan, tx: Tx, quotes: TierQuotes | undefined): Promise<CostedPlan> {
  const existing = await tx.task.findMany({ where: { projectId }, select: { key: true } });
  return checkedEdit(orgId, edited, tx, quotes, existing.map((t) => t.key), "The change");
}

async function pendingChange(tx: Tx, projectId: string, changeId: string) {
  const change = await tx.changeRequest.findFirst({ where: { id: changeId, projectId } });
  if (!change) throw notFound("Change request");
  if (change.status !== "pending") throw new AppError("CONFLICT", `This change was already ${change.status}.`);
  return change;
}

/** Approve a change (optionally edited on its card): its tasks are added to the project and scheduled. */
export async function approveChange(
  projectId: string,
  changeId: string,
  actor: Actor,
  edited?: CostedPlan,
  opts: { confirmOverBudget?: boolean } = {},
): Promise<void> {
  const quotes = await quotesForProject(projectId);
  await withEvents(async (tx, emit) => {
    const change = await pendingChange(tx, projectId, changeId);
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId } });
    if (project.status === "cancelled") throw new AppError("CONFLICT", "The project was cancelled, so this change can no longer be approved.");
    const plan = edited ? await validChange(project.orgId, projectId, edited, tx, quotes) : await validChange(project.orgId, projectId, CostedPlan.parse(change.plan), tx, quotes);
    // Like a plan: a change that does not fit what is left on its budgets needs the person to say so.
    await assertPlanFits(project.orgId, projectId, plan.totals, opts.confirmOverBudget, tx);
    // Compare-and-set: of two approvals (or an approval and a cancel) at once, one wins.
    const { count } = await tx.changeRequest.updateMany({
      where: { id: changeId, status: "pending" },
      data: { status: "approved", plan: plan as Prisma.InputJsonValue, decidedById: actor.userId, decidedAt: new Date() },
    });
    if (count === 0) throw new AppError("CONFLICT", "This change was already decided.");
    await createPlanTasks(tx, project.orgId, projectId, plan.tasks);
    for (const t of plan.tasks) {
      await emit({ orgId: project.orgId, projectId, type: "task.added", payload: { taskKey: t.key, title: t.title, role: t.role, dependsOn: t.dependsOn } });
    }
    await announceDecision(emit, project.orgId, projectId, changeId, "approved", plan, actor);
    // A finished or stopped project runs again for the change; a paused one keeps waiting for resume.
    if (project.status === "completed" || project.status === "failed" || project.status === "needs_attention") {
      await tx.project.update({ where: { id: projectId }, data: { status: "running" } });
      await emit({ orgId: project.orgId, projectId, type: "project.status", payload: { status: "running", by: actor.name, reason: "Change approved" } });
    }
    await scheduleReady(tx, emit, projectId);
  });
}

/** Cancel a pending change: nothing of it is added to the project. */
export async function cancelChange(projectId: string, changeId: string, actor: Actor): Promise<void> {
  await withEvents(async (tx, emit) => {
    const change = await pendingChange(tx, projectId, changeId);
    const { count } = await tx.changeRequest.updateMany({
      where: { id: changeId, status: "pending" },
      data: { status: "cancelled", decidedById: actor.userId, decidedAt: new Date() },
    });
    if (count === 0) throw new AppError("CONFLICT", "This change was already decided.");
    await announceDecision(emit, change.orgId, projectId, changeId, "cancelled", CostedPlan.parse(change.plan), actor);
  });
}

/** A cancelled project takes its pending change with it (called inside the cancel's transaction). */
export async function cancelPendingChanges(tx: Tx, emit: Emit, projectId: string, actor: Actor): Promise<void> {
  const open = await tx.changeRequest.findMany({ where: { projectId, status: "pending" } });
  for (const c of open) {
    await tx.changeRequest.update({ where: { id: c.id }, data: { status: "cancelled", decidedById: actor.userId, decidedAt: new Date() } });
    await announceDecision(emit, c.orgId, projectId, c.id, "cancelled", CostedPlan.parse(c.plan), actor);
  }
}

function announceDecision(emit: Emit, orgId: string, projectId: string, changeId: string, decision: "approved" | "cancelled", plan: CostedPlan, actor: Actor) {
  return emit({ orgId, projectId, type: "change.decided", payload: { changeId, decision, tasks: plan.tasks.length, costUsd: plan.totals.costUsd, by: actor.name } });
}

/** The project's change requests (or the one asked for), newest first: the pending one and what became of earlier ones. */
export async function listChanges(projectId: string, changeId?: string) {
  const rows = await db.changeRequest.findMany({ where: { projectId, ...(changeId ? { id: changeId } : {}) }, orderBy: { createdAt: "desc" }, take: 20 });
  return rows.map((c) => ({
    id: c.id,
    status: c.status,
    request: c.request,
    plan: CostedPlan.parse(c.plan),
    createdAt: c.createdAt,
    decidedAt: c.decidedAt,
  }));
}

export const changeSummary = (plan: CostedPlan) => `${plural(plan.tasks.length, "task")}, ${formatEstimate(plan.totals.minutes, plan.offlineModel)}`;
