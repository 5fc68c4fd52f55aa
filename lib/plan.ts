import { z } from "zod";
import { DEFAULT_ROLES } from "./agent-tools";

// What the planner produces and the plan card shows. The model returns PlanDraft as structured
// output; the orchestrator adds costs (tokens × the price of each role's model) and stores tasks.

export const TaskKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, "task keys are lowercase words joined by dashes");

export const PlannedTask = z.object({
  key: TaskKey,
  title: z.string().trim().min(3).max(120),
  role: z.enum(DEFAULT_ROLES).or(z.string().trim().min(1).max(40)),
  description: z.string().trim().min(10).max(4000),
  acceptanceCriteria: z.array(z.string().trim().min(3).max(400)).min(1).max(12),
  dependsOn: z.array(TaskKey).max(12),
  estimate: z.object({
    tokens: z.number().int().min(0).max(5_000_000),
    minutes: z.number().min(0).max(24 * 60),
  }),
});

export const PlanDraft = z.object({
  name: z.string().trim().min(2).max(100),
  goal: z.string().trim().min(5).max(4000),
  summary: z.string().trim().min(5).max(2000),
  tasks: z.array(PlannedTask).min(1).max(40),
});
export type PlanDraft = z.infer<typeof PlanDraft>;
export type PlannedTask = z.infer<typeof PlannedTask>;

export const INTENTS = ["new_project", "change_request", "status_question", "general_question"] as const;

/** How the planner reads a chat message. */
export const IntakeDecision = z.object({
  intent: z.enum(INTENTS),
  /** For change requests and status questions: which of the listed projects it is about. */
  projectId: z.string().nullable(),
  /** New projects only: true when the request is too vague to plan. */
  needsClarification: z.boolean(),
  /** The question to ask back when needsClarification, or the answer to a general question. */
  reply: z.string().max(4000),
});
export type IntakeDecision = z.infer<typeof IntakeDecision>;

/** Checks the task graph: known dependencies, no cycles. Returns problems as sentences. */
export function planProblems(plan: Pick<PlanDraft, "tasks">): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const t of plan.tasks) {
    if (keys.has(t.key)) problems.push(`Task key "${t.key}" is used twice.`);
    keys.add(t.key);
  }
  for (const t of plan.tasks) {
    for (const d of t.dependsOn) if (!keys.has(d)) problems.push(`Task "${t.key}" depends on unknown task "${d}".`);
  }
  const state = new Map<string, "visiting" | "done">();
  const byKey = new Map(plan.tasks.map((t) => [t.key, t]));
  const visit = (key: string): boolean => {
    if (state.get(key) === "done") return false;
    if (state.get(key) === "visiting") return true;
    state.set(key, "visiting");
    const cyclic = (byKey.get(key)?.dependsOn ?? []).some((d) => byKey.has(d) && visit(d));
    state.set(key, "done");
    return cyclic;
  };
  if (plan.tasks.some((t) => visit(t.key))) problems.push("The task dependencies form a cycle.");
  return problems;
}

/** A plan with prices: what the plan card shows and what approval turns into tasks. */
export const CostedTask = PlannedTask.extend({
  tier: z.string().max(40),
  model: z.string().max(200),
  costUsd: z.number().min(0),
});
export const CostedPlan = PlanDraft.extend({
  tasks: z.array(CostedTask).min(1).max(40),
  totals: z.object({ tokens: z.number(), costUsd: z.number(), minutes: z.number() }),
  offlineModel: z.boolean(),
  /** What AIOS fixed in the model's answer before using it ("task key "Greeter" → "greeter""), for the plan card. */
  repairs: z.array(z.string().max(500)).max(50).optional(),
});
export type CostedTask = z.infer<typeof CostedTask>;
export type CostedPlan = z.infer<typeof CostedPlan>;

/**
 * Wall-clock estimate: tasks on the same dependency path add up, parallel branches overlap, so the
 * project takes as long as its longest path.
 */
export function criticalPathMinutes(tasks: Pick<PlannedTask, "key" | "dependsOn" | "estimate">[]): number {
  const byKey = new Map(tasks.map((t) => [t.key, t]));
  const memo = new Map<string, number>();
  const finish = (key: string, seen = new Set<string>()): number => {
    if (memo.has(key)) return memo.get(key)!;
    const t = byKey.get(key);
    if (!t || seen.has(key)) return 0;
    seen.add(key);
    const start = Math.max(0, ...t.dependsOn.map((d) => finish(d, seen)));
    const end = start + t.estimate.minutes;
    memo.set(key, end);
    return end;
  };
  return Math.max(0, ...tasks.map((t) => finish(t.key)));
}
