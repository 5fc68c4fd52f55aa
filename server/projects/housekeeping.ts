import "server-only";
import { rm } from "node:fs/promises";
import { afterCommit, db } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { withEvents } from "@/server/events";
import { logger } from "@/server/observability/logger";
import { cancelProject } from "@/server/orchestrator";
import { workspaceRoot } from "@/server/workspace";

type Actor = { userId: string; name: string };

/** Statuses with work that may still run: a delete cancels them first, as "Cancel project" would. */
const LIVE = new Set(["planning", "running", "paused", "failed", "needs_attention"]);

async function projectIn(projectId: string) {
  const p = await db.project.findUnique({ where: { id: projectId }, select: { id: true, orgId: true, name: true, status: true, archivedAt: true } });
  if (!p) throw notFound("Project");
  return p;
}

export async function renameProject(projectId: string, name: string, actor: Actor) {
  const p = await projectIn(projectId);
  if (p.name === name) return { id: p.id, name, previous: p.name };
  await withEvents(async (tx, emit) => {
    await tx.project.update({ where: { id: projectId }, data: { name } });
    await emit({ orgId: p.orgId, projectId, type: "project.renamed", payload: { name, previous: p.name, by: actor.name } });
  });
  return { id: p.id, name, previous: p.name };
}

/** Archived projects leave the lists (and keep everything); restoring brings them back unchanged. */
export async function setProjectArchived(projectId: string, archived: boolean, actor: Actor) {
  const p = await projectIn(projectId);
  if (archived && p.archivedAt) throw new AppError("CONFLICT", `"${p.name}" is already archived.`);
  if (!archived && !p.archivedAt) throw new AppError("CONFLICT", `"${p.name}" is not archived.`);
  if (archived && ["planning", "running"].includes(p.status)) {
    throw new AppError("CONFLICT", `"${p.name}" is ${p.status}: pause or cancel it before archiving it.`);
  }
  const archivedAt = archived ? new Date() : null;
  await withEvents(async (tx, emit) => {
    await tx.project.update({ where: { id: projectId }, data: { archivedAt } });
    await emit({ orgId: p.orgId, projectId, type: "project.archived", payload: { archived, name: p.name, by: actor.name } });
  });
  return { id: p.id, archivedAt };
}

/**
 * Deletes a project with everything that belongs to it: running work is cancelled first (its runs stop
 * at their next step; queued jobs find no run and do nothing), rows without a foreign key are removed by
 * hand, the rest cascade, and the workspace folder goes after the commit. What stays on purpose: the
 * append-only event log and audit log (the record of what happened), and LlmCall / UsageRollup rows (the
 * spend ledger: org totals and budgets must not change when a project is deleted).
 */
export async function deleteProject(projectId: string, actor: Actor) {
  const p = await projectIn(projectId);
  if (LIVE.has(p.status)) await cancelProject(projectId, actor);
  await withEvents(async (tx, emit) => {
    await tx.question.deleteMany({ where: { projectId } });
    await tx.memoryItem.deleteMany({ where: { projectId } });
    await tx.notification.deleteMany({ where: { projectId } });
    await tx.budget.deleteMany({ where: { orgId: p.orgId, scope: "project", scopeId: projectId } });
    // A key limited to this project can do nothing any more: revoke it rather than leave it dangling.
    await tx.apiKey.updateMany({ where: { orgId: p.orgId, projectId, revokedAt: null }, data: { revokedAt: new Date(), revokedById: actor.userId } });
    await tx.conversation.updateMany({ where: { orgId: p.orgId, projectId }, data: { projectId: null } });
    await tx.project.delete({ where: { id: projectId } });
    await emit({ orgId: p.orgId, type: "project.deleted", payload: { projectId, name: p.name, by: actor.name } });
  });
  await afterCommit(() => removeWorkspace(projectId));
  return { id: projectId, name: p.name };
}

async function removeWorkspace(projectId: string): Promise<void> {
  try {
    await rm(workspaceRoot(projectId), { recursive: true, force: true, maxRetries: 3 });
  } catch (err) {
    // The rows are gone already; a folder left behind is logged for the operator, never a failed delete.
    logger.error({ err, projectId }, "could not remove a deleted project's workspace");
  }
}
