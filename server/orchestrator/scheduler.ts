import "server-only";
import type { Tx } from "@/server/db";
import type { Emit } from "@/server/events";
import { enqueue } from "@/server/queue";
import { agentForRole } from "@/server/agents/registry";

const TERMINAL = new Set(["succeeded", "failed", "cancelled", "needs_attention"]);

/**
 * Queues every pending task whose dependencies have all succeeded (one Run each, enqueued in
 * the same transaction), and settles the project when nothing is left to do. Call it after any
 * change that can unblock work.
 */
export async function scheduleReady(tx: Tx, emit: Emit, projectId: string): Promise<number> {
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId } });
  if (project.status !== "running") return 0;
  const tasks = await tx.task.findMany({ where: { projectId }, orderBy: { createdAt: "asc" } });
  const status = new Map(tasks.map((t) => [t.key, t.status]));
  let queued = 0;
  for (const task of tasks) {
    if (task.status !== "pending" || !task.dependsOn.every((d) => status.get(d) === "succeeded")) continue;
    const agent = await agentForRole(project.orgId, task.role, tx);
    const attempt = task.attempt + 1;
    // Compare-and-set: a concurrent scheduler that got here first wins, this one skips the task.
    const { count } = await tx.task.updateMany({ where: { id: task.id, status: "pending" }, data: { status: "queued", attempt } });
    if (count === 0) continue;
    const run = await tx.run.create({
      data: { orgId: project.orgId, projectId, taskId: task.id, agentId: agent?.id ?? null, status: "queued" },
    });
    await enqueue("run.execute", { runId: run.id }, { tx });
    status.set(task.key, "queued");
    await emit({
      orgId: project.orgId,
      projectId,
      taskId: task.id,
      type: "task.status",
      payload: { taskKey: task.key, title: task.title, role: task.role, status: "queued", attempt },
    });
    queued++;
  }
  await settleProject(tx, emit, projectId);
  return queued;
}

/**
 * Marks the project completed only when every task succeeded; failed when failed tasks block what is
 * left, or needs_attention when tasks that ended without their criteria checked do (never "completed").
 */
export async function settleProject(tx: Tx, emit: Emit, projectId: string): Promise<void> {
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId } });
  if (project.status !== "running") return;
  const tasks = await tx.task.findMany({ where: { projectId }, select: { status: true } });
  if (tasks.length === 0) return;
  const active = tasks.some((t) => ["queued", "running", "waiting_for_human"].includes(t.status));
  if (active) return;
  let next: "completed" | "failed" | "needs_attention" | null = null;
  if (tasks.every((t) => t.status === "succeeded")) next = "completed";
  else if (tasks.every((t) => TERMINAL.has(t.status) || t.status === "pending")) next = tasks.some((t) => t.status === "failed") ? "failed" : "needs_attention";
  if (!next) return;
  await tx.project.update({ where: { id: projectId }, data: { status: next } });
  const reason = { completed: undefined, failed: "A task failed; retry it to continue.", needs_attention: "A task ended without its acceptance criteria checked; open it to see why, then retry it." }[next];
  await emit({ orgId: project.orgId, projectId, type: "project.status", payload: { status: next, reason } });
}
