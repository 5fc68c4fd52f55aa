import "server-only";
import { describeLimit, SCOPE_LABELS, type BudgetScopeName } from "@/lib/budgets";
import type { Tx } from "@/server/db";

type BudgetRef = { orgId: string; scope: string; scopeId: string; metric: string; period: string; limit: number };

/** The names of what budgets are on (project, person, key, task), looked up once for many budgets. */
export async function scopeNames(tx: Pick<Tx, "org" | "project" | "user" | "apiKey" | "task">, budgets: { scope: string; scopeId: string }[]): Promise<Map<string, string>> {
  const ids = (scope: string) => [...new Set(budgets.filter((b) => b.scope === scope).map((b) => b.scopeId))];
  const [orgs, projects, users, keys, tasks] = await Promise.all([
    tx.org.findMany({ where: { id: { in: ids("org") } }, select: { id: true, name: true } }),
    tx.project.findMany({ where: { id: { in: ids("project") } }, select: { id: true, name: true } }),
    tx.user.findMany({ where: { id: { in: ids("user") } }, select: { id: true, name: true, email: true } }),
    tx.apiKey.findMany({ where: { id: { in: ids("apiKey") } }, select: { id: true, name: true } }),
    tx.task.findMany({ where: { id: { in: ids("task") } }, select: { id: true, key: true, title: true } }),
  ]);
  const names = new Map<string, string>();
  for (const o of orgs) names.set(`org:${o.id}`, o.name);
  for (const p of projects) names.set(`project:${p.id}`, p.name);
  for (const u of users) names.set(`user:${u.id}`, u.name || u.email);
  for (const k of keys) names.set(`apiKey:${k.id}`, k.name);
  for (const t of tasks) names.set(`task:${t.id}`, `${t.key}: ${t.title}`);
  return names;
}

/** "Project “Shop” budget of $5.00 per day". */
export function budgetTitle(b: BudgetRef, names: Map<string, string>): string {
  const level = SCOPE_LABELS[b.scope as BudgetScopeName] ?? b.scope;
  const name = b.scope === "org" ? null : names.get(`${b.scope}:${b.scopeId}`);
  return `${level}${name ? ` “${name}”` : ""} budget of ${describeLimit(b.metric, b.period, b.limit)}`;
}
