import "server-only";
import type { CostedPlan } from "@/lib/plan";
import type { Prisma, Tx } from "@/server/db";

/** Creates the tasks of an approved plan (a new project's or a change's), in the caller's transaction. */
export async function createPlanTasks(tx: Tx, orgId: string, projectId: string, tasks: CostedPlan["tasks"]): Promise<void> {
  for (const t of tasks) {
    await tx.task.create({
      data: {
        orgId,
        projectId,
        key: t.key,
        title: t.title,
        role: t.role,
        description: t.description,
        acceptanceCriteria: t.acceptanceCriteria,
        dependsOn: t.dependsOn,
        // The plan's price of the task rides along: its dollar budget is this times the project's multiplier.
        estimate: { ...t.estimate, costUsd: t.costUsd } as Prisma.InputJsonValue,
      },
    });
  }
}
