import "server-only";
import { z } from "zod";
import { ProjectName } from "@/lib/names";
import { db, type Prisma } from "@/server/db";
import { notFound } from "@/server/errors";
import { withEvents } from "@/server/events";
import { planRequest } from "@/server/orchestrator/planner";

export const CreateProjectInput = z.object({
  name: ProjectName,
  goal: z.string().trim().min(5, "Describe the goal in a few words").max(4000),
});

const STATUSES = ["draft", "planning", "running", "paused", "completed", "failed", "cancelled", "needs_attention"] as const;

/** The projects list's filters: archived projects are hidden unless asked for; `q` matches the name. */
export const ProjectListFilter = z.object({
  status: z.enum(STATUSES, "Choose a project status from the list").optional(),
  archived: z.enum(["active", "archived", "all"]).default("active"),
  q: z.string().trim().max(100, "Search for at most 100 characters").optional(),
});
export type ProjectListFilter = z.input<typeof ProjectListFilter>;

export async function listProjects(orgId: string, filter: ProjectListFilter = {}) {
  const f = ProjectListFilter.parse(filter);
  const where: Prisma.ProjectWhereInput = {
    orgId,
    ...(f.status ? { status: f.status } : {}),
    ...(f.archived === "active" ? { archivedAt: null } : f.archived === "archived" ? { archivedAt: { not: null } } : {}),
    ...(f.q ? { name: { contains: f.q, mode: "insensitive" as const } } : {}),
  };
  const projects = await db.project.findMany({ where, orderBy: { createdAt: "desc" } });
  const counts = await db.task.groupBy({
    by: ["projectId", "status"],
    where: { orgId, projectId: { in: projects.map((p) => p.id) } },
    _count: { _all: true },
  });
  return projects.map((p) => {
    const mine = counts.filter((c) => c.projectId === p.id);
    return {
      id: p.id,
      name: p.name,
      goal: p.goal,
      status: p.status,
      createdAt: p.createdAt,
      archivedAt: p.archivedAt,
      tasks: {
        total: mine.reduce((n, c) => n + c._count._all, 0),
        succeeded: mine.find((c) => c.status === "succeeded")?._count._all ?? 0,
      },
    };
  });
}

/** A project started from a name and a goal: the planner proposes its plan right away. */
export async function createProject(orgId: string, actor: { userId: string; name: string; apiKeyId?: string | null }, input: z.infer<typeof CreateProjectInput>) {
  const plan = await planRequest({ orgId, userId: actor.userId, apiKeyId: actor.apiKeyId, request: `${input.name}: ${input.goal}` });
  return withEvents(async (tx, emit) => {
    const project = await tx.project.create({
      data: { orgId, name: input.name, goal: input.goal, createdById: actor.userId, createdByApiKeyId: actor.apiKeyId ?? null, plan: { ...plan, name: input.name, goal: input.goal } },
    });
    await emit({ orgId, projectId: project.id, type: "project.created", payload: { name: project.name, by: actor.name } });
    await emit({ orgId, projectId: project.id, type: "plan.proposed", payload: { name: project.name, tasks: plan.tasks.length, costUsd: plan.totals.costUsd, by: actor.name } });
    return { id: project.id };
  });
}

export async function getProject(projectId: string) {
  const p = await db.project.findUnique({ where: { id: projectId } });
  if (!p) throw notFound("Project");
  return { id: p.id, orgId: p.orgId, name: p.name, goal: p.goal, status: p.status, createdAt: p.createdAt };
}

export { projectDetail, taskTimeline } from "./detail";
export { renameProject, setProjectArchived, deleteProject } from "./housekeeping";
export { projectFiles, projectFile, projectHistory, projectCommitDiff } from "./files";
