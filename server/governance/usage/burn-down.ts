import "server-only";
import { db, Prisma } from "@/server/db";
import { addDays, daysBetween, localDay, nextBucket, startOfLocalDay } from "./dates";
import { forecastRunOut } from "./forecast";
import { orgTimeZone } from "./time-zone";

// Each budget's burn-down: cumulative use in its current period, day by day, from the rollup, and a
// forecast from the last week's rate. Budget rows belong to the budget engine; this only reads them.

const SCOPE_COLUMN: Record<string, string> = { project: "projectId", user: "userId", apiKey: "apiKeyId", task: "taskId" };
const METRIC_SUM: Record<string, string> = {
  usd: `round(sum("costUsd"), 6)::float8`,
  tokens: `(sum("tokensIn") + sum("tokensOut"))::float8`,
  requests: `sum("calls")::float8`,
};
const RECENT_DAYS = 7;
const DAY_LIMIT_HISTORY = 14;

/** The current period's first local day and the first day of the next one (null: never resets). */
function period(kind: string, today: string, createdDay: string): { start: string; reset: string | null } {
  if (kind === "day") return { start: today, reset: addDays(today, 1) };
  if (kind === "month") {
    const start = `${today.slice(0, 7)}-01`;
    return { start, reset: nextBucket(start, "month") };
  }
  return { start: createdDay, reset: null };
}

export async function budgetBurnDown(orgId: string, opts: { projectId?: string } = {}) {
  const tz = await orgTimeZone(orgId);
  const now = new Date();
  const today = localDay(now, tz);
  const budgets = await db.budget.findMany({
    where: { orgId, ...(opts.projectId ? { scope: "project", scopeId: opts.projectId } : {}) },
    orderBy: [{ scope: "asc" }, { createdAt: "asc" }],
  });
  const names = await scopeNames(orgId, budgets);
  // Each chartable budget's window, then every budget's daily use in one statement (a UNION ALL of
  // one indexed aggregate per budget), not a query per budget.
  const plans = budgets.map((b) => {
    const sum = METRIC_SUM[b.metric];
    if (!sum || (b.period !== "day" && b.period !== "month" && b.period !== "total")) return null;
    const p = period(b.period, today, localDay(b.createdAt, tz));
    // A day budget's chart is the last two weeks of daily use against the limit; the others accumulate.
    const from = b.period === "day" ? addDays(today, -(DAY_LIMIT_HISTORY - 1)) : p.start;
    const historyFrom = from < addDays(today, -(RECENT_DAYS - 1)) ? from : addDays(today, -(RECENT_DAYS - 1));
    return { p, from, historyFrom, sum };
  });
  const useByBudget = await dailyUse(orgId, today, budgets.map((b, i) => (plans[i] ? { scope: b.scope, scopeId: b.scopeId, ...plans[i] } : null)));
  const out = [];
  for (const [i, b] of budgets.entries()) {
    const base = {
      id: b.id,
      scope: b.scope,
      scopeId: b.scopeId,
      scopeName: names.get(`${b.scope}:${b.scopeId}`) ?? (b.scope === "org" ? "Whole organisation" : "Deleted"),
      metric: b.metric,
      period: b.period,
      policy: b.policy,
      limit: Number(b.limit),
      spent: Number(b.spent),
      held: Number(b.held),
    };
    const plan = plans[i];
    if (!plan) {
      out.push({ ...base, chartable: false as const, series: [], used: null, forecast: null, periodStart: null, resetsOn: null });
      continue;
    }
    const { p, from } = plan;
    const byDay = useByBudget.get(i) ?? new Map<string, number>();
    const series: { day: string; used: number; cumulative: number }[] = [];
    let cumulative = 0;
    for (let d = from; d <= today; d = addDays(d, 1)) {
      const used = byDay.get(d) ?? 0;
      cumulative = b.period === "day" ? used : cumulative + used;
      series.push({ day: d, used, cumulative });
    }
    const used = series.at(-1)?.cumulative ?? 0;
    // The rate counts today only as far as it has gone, so a busy morning is not averaged away.
    const dayFraction = Math.min(1, Math.max(0.05, (now.getTime() - startOfLocalDay(today, tz).getTime()) / 86_400_000));
    let recent = 0;
    for (const [d, v] of byDay) if (d > addDays(today, -RECENT_DAYS)) recent += v;
    const forecast = forecastRunOut({
      limit: base.limit,
      used: used + (b.metric === "usd" ? base.held : 0),
      recent: b.period === "day" ? used : recent,
      windowDays: b.period === "day" ? dayFraction : RECENT_DAYS - 1 + dayFraction,
      daysToReset: p.reset ? daysBetween(today, p.reset) - dayFraction : null,
    });
    out.push({ ...base, chartable: true as const, series, used, forecast, periodStart: p.start, resetsOn: p.reset });
  }
  return out;
}

type Window = { scope: string; scopeId: string; historyFrom: string; sum: string };
const PER_STATEMENT = 200;

/** Per budget (by index): use per local day from its window's first day to today, from the rollup. */
async function dailyUse(orgId: string, today: string, windows: (Window | null)[]): Promise<Map<number, Map<string, number>>> {
  const parts = windows.flatMap((w, i) => {
    if (!w) return [];
    const col = SCOPE_COLUMN[w.scope];
    const scopeFilter = col ? Prisma.sql`AND ${Prisma.raw(`"${col}"`)} = ${w.scopeId}` : Prisma.empty;
    return [
      Prisma.sql`(SELECT ${i}::int AS "i", to_char("day", 'YYYY-MM-DD') AS "day", ${Prisma.raw(w.sum)} AS "used"
        FROM "UsageRollup" WHERE "orgId" = ${orgId} AND "day" >= ${w.historyFrom}::date AND "day" <= ${today}::date ${scopeFilter}
        GROUP BY 2)`,
    ];
  });
  const out = new Map<number, Map<string, number>>();
  for (let at = 0; at < parts.length; at += PER_STATEMENT) {
    const rows = await db.$queryRaw<{ i: number; day: string; used: number }[]>`${Prisma.join(parts.slice(at, at + PER_STATEMENT), " UNION ALL ")}`;
    for (const r of rows) {
      const m = out.get(r.i) ?? new Map<string, number>();
      m.set(r.day, r.used);
      out.set(r.i, m);
    }
  }
  return out;
}

async function scopeNames(orgId: string, budgets: { scope: string; scopeId: string }[]): Promise<Map<string, string>> {
  const ids = (scope: string) => budgets.filter((b) => b.scope === scope).map((b) => b.scopeId);
  const [projects, users, keys, tasks] = await Promise.all([
    db.project.findMany({ where: { orgId, id: { in: ids("project") } }, select: { id: true, name: true } }),
    db.user.findMany({ where: { id: { in: ids("user") }, memberships: { some: { orgId } } }, select: { id: true, name: true } }),
    db.apiKey.findMany({ where: { orgId, id: { in: ids("apiKey") } }, select: { id: true, name: true } }),
    db.task.findMany({ where: { orgId, id: { in: ids("task") } }, select: { id: true, title: true } }),
  ]);
  return new Map([
    ...projects.map((p) => [`project:${p.id}`, p.name] as const),
    ...users.map((u) => [`user:${u.id}`, u.name] as const),
    ...keys.map((k) => [`apiKey:${k.id}`, k.name] as const),
    ...tasks.map((t) => [`task:${t.id}`, t.title] as const),
  ]);
}
