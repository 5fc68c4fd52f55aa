import "server-only";
import { CreateBudgetInput, formatBudgetAmount, limitProblem, METRIC_LABELS, METRIC_PERIODS, METRIC_SCOPES, PERIOD_LABELS, SCOPE_LABELS, TASK_MULTIPLIER, type BudgetPolicyName } from "@/lib/budgets";
import { db, type Prisma } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { reachedThreshold } from "./alerts";
import { budgetTitle, scopeNames } from "./budget-labels";
import { isTimeZone, periodBounds } from "./periods";
import { budgetStatus, listBudgetStatus } from "./status";
import { syncProjectTaskBudgets } from "./task-budgets";

// Budgets as an admin edits them: create, change the limit or policy, delete; the org's time zone;
// the task budget multiplier of a project. The engine (admission, settlement) reads these rows.

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** Every budget of the org except per-task ones (those follow from plans), with its current status. */
export async function listBudgets(orgId: string) {
  const [statuses, org] = await Promise.all([listBudgetStatus(orgId), db.org.findUniqueOrThrow({ where: { id: orgId }, select: { timeZone: true } })]);
  const shown = statuses.filter((s) => s.scope !== "task");
  const names = await scopeNames(db, shown);
  return {
    timeZone: org.timeZone,
    budgets: shown.map((s) => ({
      ...s,
      scopeName: s.scope === "org" ? null : (names.get(`${s.scope}:${s.scopeId}`) ?? "(deleted)"),
      title: budgetTitle(s, names),
    })),
  };
}

/** The level's target must exist in this org: a budget on someone else's project is refused. */
async function checkScope(orgId: string, scope: string, scopeId: string | undefined): Promise<string> {
  if (scope === "org") return orgId;
  if (!scopeId) throw new AppError("BAD_REQUEST", `scopeId: Choose the ${SCOPE_LABELS[scope as "project"].toLowerCase()} this budget is for.`);
  const found =
    scope === "project"
      ? await db.project.findFirst({ where: { id: scopeId, orgId }, select: { id: true } })
      : scope === "user"
        ? await db.membership.findFirst({ where: { userId: scopeId, orgId }, select: { id: true } })
        : await db.apiKey.findFirst({ where: { id: scopeId, orgId }, select: { id: true } });
  if (!found) throw new AppError("BAD_REQUEST", `scopeId: That ${SCOPE_LABELS[scope as "project"].toLowerCase()} is not in this organisation.`);
  return scopeId;
}

export async function createBudget(orgId: string, input: CreateBudgetInput, actorId: string) {
  const { metric, period, scope } = input;
  if (!METRIC_SCOPES[metric].includes(scope)) {
    throw new AppError("BAD_REQUEST", `scope: ${METRIC_LABELS[metric]} can be limited per ${METRIC_SCOPES[metric].map((s) => SCOPE_LABELS[s].toLowerCase()).join(" or ")} only.`);
  }
  if (!METRIC_PERIODS[metric].includes(period)) {
    throw new AppError("BAD_REQUEST", `period: ${METRIC_LABELS[metric]} take the periods ${METRIC_PERIODS[metric].map((p) => `“${PERIOD_LABELS[p]}”`).join(", ")}.`);
  }
  const problem = limitProblem(metric, input.limit);
  if (problem) throw new AppError("BAD_REQUEST", problem);
  const scopeId = await checkScope(orgId, scope, input.scopeId);
  const existing = await db.budget.findUnique({ where: { scope_scopeId_metric_period: { scope, scopeId, metric, period } }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", `This ${SCOPE_LABELS[scope].toLowerCase()} already has a budget on ${METRIC_LABELS[metric].toLowerCase()} ${PERIOD_LABELS[period]}: edit that one instead.`);
  const org = await db.org.findUniqueOrThrow({ where: { id: orgId }, select: { timeZone: true } });
  return db.budget.create({
    data: {
      orgId,
      scope,
      scopeId,
      metric,
      period,
      limit: round6(input.limit),
      policy: input.policy,
      periodStart: periodBounds(period, org.timeZone).start,
      createdById: actorId,
    },
    select: { id: true },
  });
}

async function budgetIn(orgId: string, budgetId: string) {
  const b = await db.budget.findFirst({ where: { id: budgetId, orgId } });
  if (!b) throw notFound("Budget");
  return b;
}

/**
 * A new limit or policy. A limit below what is already spent this period is allowed only with
 * `confirmBelowSpent` (new calls on it are refused at once, until the period resets): the person is
 * told how much is spent and has to say they mean it.
 */
export async function updateBudget(orgId: string, budgetId: string, input: { limit?: number; policy?: BudgetPolicyName; confirmBelowSpent?: boolean }) {
  const b = await budgetIn(orgId, budgetId);
  const data: Prisma.BudgetUpdateInput = {};
  if (input.limit !== undefined) {
    const problem = limitProblem(b.metric as "usd", input.limit);
    if (problem) throw new AppError("BAD_REQUEST", problem);
    const status = await budgetStatus(b);
    if (input.limit < status.spent && !input.confirmBelowSpent) {
      throw new AppError(
        "PRECONDITION_FAILED",
        `limit: ${formatBudgetAmount(b.metric, input.limit)} is below the ${formatBudgetAmount(b.metric, status.spent)} already spent this period, so every new call on this budget would be refused until the period resets. Confirm to save it anyway.`,
      );
    }
    data.limit = round6(input.limit);
    // A raised limit re-arms the thresholds spend is now below (each still fires once per period: dedupeKey);
    // a lowered one never skips an alert it has not sent.
    data.alerted = Math.min(status.alerted, reachedThreshold(status.spent, input.limit));
  }
  if (input.policy) data.policy = input.policy;
  return db.budget.update({ where: { id: b.id }, data, select: { id: true } });
}

export async function deleteBudget(orgId: string, budgetId: string) {
  const b = await budgetIn(orgId, budgetId);
  // Holds in flight go with it (cascade); their calls settle against nothing.
  await db.budget.delete({ where: { id: b.id } });
}

/** The org's IANA time zone: day and month budgets reset at its local midnight. */
export async function setOrgTimeZone(orgId: string, timeZone: string) {
  if (!isTimeZone(timeZone) || timeZone.length > 64) throw new AppError("BAD_REQUEST", `timeZone: “${timeZone.slice(0, 64)}” is not a time zone AIOS knows; use an IANA name such as Europe/Berlin or America/New_York.`);
  await db.org.update({ where: { id: orgId }, data: { timeZone } });
}

type TaskBudgetSettings = { taskBudgetMultiplier?: number; taskBudgetPolicy?: BudgetPolicyName };

/** Projects with their task budget setting: each task may spend its plan estimate × the multiplier. */
export async function listTaskBudgetSettings(orgId: string) {
  const projects = await db.project.findMany({
    where: { orgId, status: { notIn: ["cancelled", "completed"] } },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { id: true, name: true, status: true, settings: true },
  });
  return projects.map((p) => {
    const s = (p.settings ?? {}) as TaskBudgetSettings;
    return { projectId: p.id, name: p.name, status: p.status, multiplier: s.taskBudgetMultiplier ?? TASK_MULTIPLIER.default, policy: s.taskBudgetPolicy ?? ("ask" as const), custom: s.taskBudgetMultiplier !== undefined };
  });
}

export async function setTaskBudget(orgId: string, projectId: string, input: { multiplier: number; policy: BudgetPolicyName }) {
  if (!(input.multiplier >= TASK_MULTIPLIER.min && input.multiplier <= TASK_MULTIPLIER.max)) {
    throw new AppError("BAD_REQUEST", `multiplier: A task may spend between ${TASK_MULTIPLIER.min}× and ${TASK_MULTIPLIER.max}× its estimate.`);
  }
  const p = await db.project.findFirst({ where: { id: projectId, orgId }, select: { settings: true } });
  if (!p) throw notFound("Project");
  const settings = { ...((p.settings as object) ?? {}), taskBudgetMultiplier: input.multiplier, taskBudgetPolicy: input.policy };
  await db.project.update({ where: { id: projectId }, data: { settings } });
  // Tasks already planned get their limits from the new multiplier at once.
  await syncProjectTaskBudgets(projectId);
}
