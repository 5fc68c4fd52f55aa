import { criticalPathMinutes, planProblems, type CostedPlan, type CostedTask } from "@/lib/plan";
import { planEditProblems } from "@/lib/plan-rules";
import { roleLabel } from "@/lib/role-names";

// Pure edits of a proposed plan, kept apart from the card so they are easy to reason about.

export type TaskPatch = Partial<Pick<CostedTask, "title" | "description" | "acceptanceCriteria" | "role" | "dependsOn">>;

/** At most this many dependencies per task (the plan schema's limit). */
export const MAX_DEPENDENCIES = 12;

/** Recomputes totals after an edit: tokens and cost add up, time is the critical path. */
export function withTotals(plan: CostedPlan): CostedPlan {
  const tokens = plan.tasks.reduce((n, t) => n + t.estimate.tokens, 0);
  const costUsd = Math.round(plan.tasks.reduce((n, t) => n + t.costUsd, 0) * 1e6) / 1e6;
  return { ...plan, totals: { tokens, costUsd, minutes: criticalPathMinutes(plan.tasks) } };
}

export function updateTask(plan: CostedPlan, key: string, patch: TaskPatch): CostedPlan {
  return { ...plan, tasks: plan.tasks.map((t) => (t.key === key ? { ...t, ...patch } : t)) };
}

/**
 * Removes a task. Tasks that waited for it now wait for what it waited for, so the order of the
 * remaining work is kept (QA still comes after the API even when the UI task between them goes).
 */
export function removeTask(plan: CostedPlan, key: string): CostedPlan {
  const removed = plan.tasks.find((t) => t.key === key);
  if (!removed) return plan;
  const tasks = plan.tasks
    .filter((t) => t.key !== key)
    .map((t) =>
      t.dependsOn.includes(key)
        ? { ...t, dependsOn: [...new Set([...t.dependsOn.filter((d) => d !== key), ...removed.dependsOn])] }
        : t,
    );
  return withTotals({ ...plan, tasks });
}

/**
 * A new, empty task for the person to fill in: a fresh key, the given role, the plan's average estimate
 * (the server prices it again on save or approval). Returns the plan and the new task's key.
 */
export function addTask(plan: CostedPlan, role: string): { plan: CostedPlan; key: string } {
  const keys = new Set(plan.tasks.map((t) => t.key));
  let n = plan.tasks.length + 1;
  while (keys.has(`task-${n}`)) n++;
  const key = `task-${n}`;
  const count = Math.max(1, plan.tasks.length);
  const like = plan.tasks.find((t) => t.role === role) ?? plan.tasks[0];
  const task: CostedTask = {
    key,
    title: "",
    role,
    description: "",
    acceptanceCriteria: [""],
    dependsOn: [],
    estimate: {
      tokens: Math.round(plan.tasks.reduce((a, t) => a + t.estimate.tokens, 0) / count) || 10_000,
      minutes: plan.tasks.reduce((a, t) => a + t.estimate.minutes, 0) / count || 5,
    },
    tier: like?.tier ?? "standard",
    model: like?.model ?? "",
    costUsd: plan.tasks.reduce((a, t) => a + t.costUsd, 0) / count,
  };
  return { plan: withTotals({ ...plan, tasks: [...plan.tasks, task] }), key };
}

/** What stops an edited plan from being saved or approved, as sentences (field limits mirror lib/plan.ts). */
export function editProblems(plan: CostedPlan, roles?: readonly string[], existingKeys: readonly string[] = []): string[] {
  const problems: string[] = [];
  if (plan.tasks.length === 0) problems.push("A plan needs at least one task.");
  for (const t of plan.tasks) {
    const name = `Task "${t.key}"`;
    const title = t.title.trim();
    if (title.length < 3 || title.length > 120) problems.push(`${name}: the title needs 3 to 120 characters.`);
    const description = t.description.trim();
    if (description.length < 10 || description.length > 4000) problems.push(`${name}: the description needs 10 to 4000 characters.`);
    const criteria = t.acceptanceCriteria.map((c) => c.trim());
    if (criteria.length < 1 || criteria.length > 12) problems.push(`${name}: give 1 to 12 acceptance criteria.`);
    if (criteria.some((c) => c.length < 3 || c.length > 400)) problems.push(`${name}: each acceptance criterion needs 3 to 400 characters.`);
  }
  // With the team's roles known, the same checks the server makes (roles, keys, loops), in the same words.
  const graph = roles ? planEditProblems(plan.tasks, { roles, existingKeys, roleName: roleLabel }) : planProblems(plan);
  return [...new Set([...problems, ...graph])];
}

/** The plan as sent for approval: trimmed text, no blank criteria, fresh totals. */
export function normalisedPlan(plan: CostedPlan): CostedPlan {
  return withTotals({
    ...plan,
    tasks: plan.tasks.map((t) => ({
      ...t,
      title: t.title.trim(),
      description: t.description.trim(),
      acceptanceCriteria: t.acceptanceCriteria.map((c) => c.trim()).filter(Boolean),
    })),
  });
}
