import "server-only";
import { db } from "@/server/db";

// What the plan said a task or project would cost. Task.estimate holds { tokens, minutes }; the
// dollar figure lives on the costed plan (Project.plan, and each approved change's plan) by task key.

export type Estimate = { tokens: number; costUsd: number };

type PlanLike = { tasks?: { key?: unknown; estimate?: { tokens?: unknown }; costUsd?: unknown }[]; totals?: { tokens?: unknown; costUsd?: unknown } };

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const asPlan = (v: unknown): PlanLike => (v && typeof v === "object" ? (v as PlanLike) : {});

/** Per project: the plan's totals plus every approved change's. */
export async function projectEstimates(orgId: string, projectIds: string[]): Promise<Map<string, Estimate>> {
  const [projects, changes] = await Promise.all([
    db.project.findMany({ where: { orgId, id: { in: projectIds } }, select: { id: true, plan: true } }),
    db.changeRequest.findMany({ where: { orgId, projectId: { in: projectIds }, status: "approved" }, select: { projectId: true, plan: true } }),
  ]);
  const out = new Map<string, Estimate>();
  const add = (projectId: string, plan: unknown) => {
    const totals = asPlan(plan).totals ?? {};
    const e = out.get(projectId) ?? { tokens: 0, costUsd: 0 };
    out.set(projectId, { tokens: e.tokens + num(totals.tokens), costUsd: e.costUsd + num(totals.costUsd) });
  };
  for (const p of projects) if (p.plan) add(p.id, p.plan);
  for (const c of changes) add(c.projectId, c.plan);
  return out;
}

/** Per task of one project, by task id. */
export async function taskEstimates(projectId: string): Promise<Map<string, Estimate & { key: string; title: string; role: string; status: string }>> {
  const [project, changes, tasks] = await Promise.all([
    db.project.findUnique({ where: { id: projectId }, select: { plan: true } }),
    db.changeRequest.findMany({ where: { projectId, status: "approved" }, select: { plan: true }, orderBy: { createdAt: "asc" } }),
    db.task.findMany({ where: { projectId }, select: { id: true, key: true, title: true, role: true, status: true, estimate: true }, orderBy: { createdAt: "asc" } }),
  ]);
  const planned = new Map<string, number>();
  for (const plan of [project?.plan, ...changes.map((c) => c.plan)]) {
    for (const t of asPlan(plan).tasks ?? []) if (typeof t.key === "string") planned.set(t.key, num(t.costUsd));
  }
  const out = new Map<string, Estimate & { key: string; title: string; role: string; status: string }>();
  for (const t of tasks) {
    const est = (t.estimate ?? {}) as { tokens?: unknown; costUsd?: unknown };
    out.set(t.id, {
      key: t.key,
      title: t.title,
      role: t.role,
      status: t.status,
      tokens: num(est.tokens),
      costUsd: typeof est.costUsd === "number" ? est.costUsd : (planned.get(t.key) ?? 0),
    });
  }
  return out;
}

/** Estimates of the given tasks (any projects) in three queries, whatever their number (the top-tasks list). */
export async function estimatesOfTasks(orgId: string, taskIds: string[]): Promise<Map<string, Estimate>> {
  const tasks = await db.task.findMany({ where: { orgId, id: { in: taskIds } }, select: { id: true, key: true, projectId: true, estimate: true } });
  const projectIds = [...new Set(tasks.map((t) => t.projectId))];
  const [projects, changes] = await Promise.all([
    db.project.findMany({ where: { orgId, id: { in: projectIds } }, select: { id: true, plan: true } }),
    db.changeRequest.findMany({ where: { projectId: { in: projectIds }, status: "approved" }, select: { projectId: true, plan: true }, orderBy: { createdAt: "asc" } }),
  ]);
  // Per project, the plan then each approved change in order (a later change's figure wins), as taskEstimates.
  const planned = new Map<string, number>();
  const addPlan = (projectId: string, plan: unknown) => {
    for (const t of asPlan(plan).tasks ?? []) if (typeof t.key === "string") planned.set(`${projectId}\u0000${t.key}`, num(t.costUsd));
  };
  for (const p of projects) addPlan(p.id, p.plan);
  for (const c of changes) addPlan(c.projectId, c.plan);
  const out = new Map<string, Estimate>();
  for (const t of tasks) {
    const est = (t.estimate ?? {}) as { tokens?: unknown; costUsd?: unknown };
    out.set(t.id, { tokens: num(est.tokens), costUsd: typeof est.costUsd === "number" ? est.costUsd : (planned.get(`${t.projectId}\u0000${t.key}`) ?? 0) });
  }
  return out;
}
