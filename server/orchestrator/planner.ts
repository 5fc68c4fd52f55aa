import "server-only";
import type { ModelMessage } from "ai";
import { DEFAULT_ROLES } from "@/lib/agent-tools";
import { OFFLINE_TASK_MINUTES } from "@/lib/estimate";
import { CostedPlan, criticalPathMinutes, PlanDraft, planProblems } from "@/lib/plan";
import { agentForRole } from "@/server/agents/registry";
import { db, type Tx } from "@/server/db";
import { AppError } from "@/server/errors";
import { estimateCostAt, tierQuotes, type Tier, type TierQuotes } from "@/server/llm";
import { generateStructured } from "@/server/llm/structured";
import { normalisePlan, planGraphProblems, planLabeller } from "./plan-normalise";

const TIERS = new Set<Tier>(["fast", "standard", "deep"]);

const PLANNER_PROMPT = `<aios purpose="plan"/>
You are the planner (CTO) of a team of AI agents: frontend, backend, qa, devops, researcher.
Turn the request into a plan: a short project name, the goal, a one-paragraph summary, and 3 to 8
tasks. Each task has a lowercase-dashed key, a title, the role that owns it, a description, concrete
acceptance criteria, the keys it depends on (a DAG, no cycles) and an estimate in tokens and minutes.
Projects are built in a git workspace with Node.js 20 and no network access: no npm install, use only
Node's standard library, tests with node:test. A QA task verifies the work; a devops task documents
how to run it.`;

/** Asks the planner for a plan and prices each task with the model of the agent that will run it. */
export async function planRequest(opts: {
  orgId: string;
  userId: string;
  /** The API key the person called with, if any (its budget pays for planning). */
  apiKeyId?: string | null;
  request: string;
  existingTasks?: { key: string; title: string; role: string; status: string }[];
  projectId?: string | null;
}): Promise<CostedPlan> {
  const planner = await agentForRole(opts.orgId, "planner");
  const tier = (TIERS.has(planner?.modelTier as Tier) ? planner!.modelTier : "deep") as Tier;
  const context = opts.existingTasks?.length
    ? `\n\nThis is a change to a running project. Existing tasks (do not repeat them; new keys must not collide; new tasks may depend on them):\n${opts.existingTasks
        .map((t) => `- ${t.key} (${t.role}, ${t.status}): ${t.title}`)
        .join("\n")}`
    : "";
  const messages: ModelMessage[] = [{ role: "user", content: `${opts.request}${context}` }];
  const existingKeys = (opts.existingTasks ?? []).map((t) => t.key);
  const roles = await teamRoles(opts.orgId);
  // A near miss ("Greeter" for "greeter", role "Frontend") is fixed here and shown on the plan card;
  // what cannot be fixed goes back to the model, and only then to the person, as sentences.
  const { object: draft, repairs } = await generateStructured({
    purpose: "planning",
    tier,
    system: `${PLANNER_PROMPT}\n\n${planner?.instructions ?? ""}`,
    messages,
    schema: PlanDraft,
    what: "plan",
    label: planLabeller,
    normalise: (raw, note) => normalisePlan(raw, { roles, existingKeys }, note),
    check: (plan) => planGraphProblems(plan, existingKeys),
    scope: { orgId: opts.orgId, userId: opts.userId, apiKeyId: opts.apiKeyId ?? null, projectId: opts.projectId ?? null },
  });
  // Existing tasks count as nodes: new ones may depend on them but must not reuse their keys.
  const existing = existingKeys.map((key) => ({ key, dependsOn: [] }));
  const problems = planProblems({ tasks: [...existing, ...draft.tasks] as PlanDraft["tasks"] });
  if (problems.length) throw new AppError("BAD_REQUEST", `The planner's plan is not usable: ${problems.join(" ")}`);
  return priced(opts.orgId, { ...draft, ...(repairs.length ? { repairs: capRepairs(repairs) } : {}) });
}

/** The roles a plan's tasks may name: the org's agents (the default team is created on first use). */
export async function teamRoles(orgId: string, client: Tx = db): Promise<string[]> {
  const agents = await client.agent.findMany({ where: { orgId }, select: { role: true } });
  return [...new Set([...agents.map((a) => a.role), ...DEFAULT_ROLES])];
}

/** At most what the plan schema stores: the first 50 repairs, each at most 500 characters. */
const capRepairs = (repairs: string[]) => repairs.slice(0, 50).map((r) => (r.length > 500 ? `${r.slice(0, 499)}…` : r));

/** The repairs of a plan that grows (a change joining a draft or a pending change): both lists, in order. */
export function mergedRepairs(a: CostedPlan["repairs"], b: CostedPlan["repairs"]): { repairs?: string[] } {
  const all = [...(a ?? []), ...(b ?? [])];
  return all.length ? { repairs: capRepairs(all) } : {};
}

/**
 * Adds each task's model and cost (tokens × the org's catalog price of its role's tier), and the totals.
 * A caller holding a transaction outside a request scope passes `quotes` read before it (see tierQuotes).
 */
export async function priced(orgId: string, draft: PlanDraft & Pick<CostedPlan, "repairs">, client: Tx = db, quotes?: TierQuotes): Promise<CostedPlan> {
  const quote = quotes ?? (await tierQuotes(orgId));
  let offline = false;
  const tasks: CostedPlan["tasks"] = [];
  // One at a time: inside a transaction the client is a single connection.
  for (const t of draft.tasks) {
    const agent = await agentForRole(orgId, t.role, client);
    const tier = (TIERS.has(agent?.modelTier as Tier) ? agent!.modelTier : "standard") as Tier;
    const model = quote[tier];
    offline ||= model.isOffline;
    // The planner guesses minutes for real models; the offline demo model finishes a task in seconds.
    const estimate = model.isOffline ? { ...t.estimate, minutes: OFFLINE_TASK_MINUTES } : t.estimate;
    tasks.push({ ...t, estimate, tier, model: model.label, costUsd: estimateCostAt(model.price, t.estimate.tokens) });
  }
  return CostedPlan.parse({
    ...draft,
    tasks,
    totals: {
      tokens: tasks.reduce((n, t) => n + t.estimate.tokens, 0),
      costUsd: Math.round(tasks.reduce((n, t) => n + t.costUsd, 0) * 1e6) / 1e6,
      minutes: criticalPathMinutes(tasks),
    },
    offlineModel: offline,
  });
}

/** The quotes of a project's org, read before a transaction opens (undefined: no such project; the transaction says so). */
export async function quotesForProject(projectId: string): Promise<TierQuotes | undefined> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { orgId: true } });
  return project ? tierQuotes(project.orgId) : undefined;
}
