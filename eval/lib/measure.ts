import type { Usage } from "../report";

// What one task run cost and did, read from the rows AIOS wrote for its org (each run has its own org,
// so intake, planning and every agent step count; nothing is estimated). Money is summed in micro-dollars
// from the Decimal column, so sums stay exact.

/** Event types the agent loop and the planner record when they repair or stop a model (issue 8, item 5). */
export const REPAIR_EVENT = "agent.repair";
export const WARNING_EVENT = "agent.warning";
/** A run stopped by the stuck detector ("stuck") or the mistake budget ("mistakes"). */
export const STOPPED_EVENT = "agent.stopped";

export async function measureOrg(orgId: string): Promise<Usage> {
  const { db } = await import("@/server/db");
  const [calls, runs, repairs, warnings, stops, projects, changes] = await Promise.all([
    db.llmCall.findMany({
      where: { orgId },
      select: { agentRole: true, purpose: true, provider: true, model: true, tokensIn: true, tokensOut: true, tokensCached: true, costUsd: true, cacheHit: true, status: true },
    }),
    db.run.findMany({ where: { orgId }, select: { steps: true, status: true } }),
    db.event.count({ where: { orgId, type: REPAIR_EVENT } }),
    db.event.findMany({ where: { orgId, type: WARNING_EVENT }, select: { payload: true } }),
    db.event.findMany({ where: { orgId, type: STOPPED_EVENT }, select: { payload: true } }),
    db.project.findMany({ where: { orgId }, select: { plan: true } }),
    db.changeRequest.findMany({ where: { orgId }, select: { plan: true } }),
  ]);
  const byRoleModel = new Map<string, Usage["byRoleModel"][number]>();
  for (const c of calls) {
    const role = c.agentRole ?? c.purpose;
    const key = `${role}\u0000${c.provider}:${c.model}`;
    const row = byRoleModel.get(key) ?? { role, model: `${c.provider}:${c.model}`, calls: 0, failedCalls: 0, tokensIn: 0, tokensOut: 0, tokensCached: 0, costMicroUsd: 0, cacheHits: 0 };
    row.calls++;
    if (c.status !== "ok") row.failedCalls++;
    row.tokensIn += c.tokensIn;
    row.tokensOut += c.tokensOut;
    row.tokensCached += c.tokensCached;
    row.costMicroUsd += microUsd(c.costUsd);
    if (c.cacheHit) row.cacheHits++;
    byRoleModel.set(key, row);
  }
  const planRepairs = [...projects, ...changes].reduce((n, p) => n + repairsOf(p.plan), 0);
  return {
    llmCalls: calls.length,
    runs: runs.length,
    steps: runs.reduce((n, r) => n + r.steps, 0),
    repairs: repairs + planRepairs,
    warnings: warnings.length,
    // Every stop counts (stuck or out of mistakes); a warning that says it stopped the run counts too.
    stuckStops: stops.length + warnings.filter((w) => isStop(w.payload)).length,
    byRoleModel: [...byRoleModel.values()].sort((a, b) => a.role.localeCompare(b.role) || a.model.localeCompare(b.model)),
  };
}

/** A Decimal(12,6) as integer micro-dollars (exact: the column has six decimals). */
export function microUsd(value: { toString(): string } | number | string): number {
  const text = typeof value === "number" ? value.toFixed(6) : value.toString();
  const m = /^(-?)(\d+)(?:\.(\d{0,6})\d*)?$/.exec(text.trim());
  if (!m) return Math.round(Number(text) * 1e6);
  const micro = Number(m[2]) * 1e6 + Number((m[3] ?? "").padEnd(6, "0"));
  return m[1] ? -micro : micro;
}

function repairsOf(plan: unknown): number {
  const r = plan && typeof plan === "object" ? (plan as { repairs?: unknown }).repairs : undefined;
  if (typeof r === "number" && Number.isFinite(r)) return r;
  return Array.isArray(r) ? r.length : 0;
}

function isStop(payload: unknown): boolean {
  if (!payload || typeof payload !== "object") return false;
  const p = payload as { stopped?: unknown; action?: unknown };
  return p.stopped === true || p.action === "stop";
}

/** Tasks that ended failed or needing attention, with the reason AIOS gave ("key (role) failed: …"), last word per task. */
export async function taskProblems(orgId: string): Promise<string[]> {
  const { db } = await import("@/server/db");
  const events = await db.event.findMany({ where: { orgId, type: "task.status" }, orderBy: [{ createdAt: "asc" }, { seq: "asc" }], select: { payload: true } });
  const last = new Map<string, { role: string; status: string; reason?: string }>();
  for (const e of events) {
    const p = e.payload as { taskKey?: string; role?: string; status?: string; reason?: string };
    if (p.taskKey && p.status) last.set(p.taskKey, { role: p.role ?? "?", status: p.status, reason: p.reason });
  }
  return [...last]
    .filter(([, t]) => t.status === "failed" || t.status === "needs_attention")
    .map(([key, t]) => `${key} (${t.role}) ${t.status.replace("_", " ")}${t.reason ? `: ${t.reason.length > 300 ? `${t.reason.slice(0, 299)}…` : t.reason}` : ""}`);
}
