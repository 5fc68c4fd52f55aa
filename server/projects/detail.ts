import "server-only";
import { DEFAULT_MARGIN_PCT } from "@/server/llm/outcomes/learned";
import type { CostedPlan } from "@/lib/plan";
import { db } from "@/server/db";
import { notFound } from "@/server/errors";
import { toLiveEvent } from "@/server/events";

/** Everything the project page needs on first load; live events keep it current afterwards. */
export async function projectDetail(projectId: string) {
  const p = await db.project.findUnique({
    where: { id: projectId },
    include: {
      tasks: { orderBy: { createdAt: "asc" } },
      runs: { orderBy: { createdAt: "asc" }, select: { id: true, taskId: true, status: true, attempt: true, steps: true, tokensIn: true, tokensOut: true, costUsd: true, commitSha: true, startedAt: true, finishedAt: true, error: true, summary: true } },
    },
  });
  if (!p) throw notFound("Project");
  const questions = await db.question.findMany({ where: { projectId, answeredAt: null }, orderBy: { createdAt: "asc" } });
  const lastEvent = await db.event.findFirst({ where: { stream: `project:${projectId}` }, orderBy: { seq: "desc" }, select: { seq: true } });
  // Why a stopped project stopped (a budget, a failure): the reason of its latest status change.
  const lastStatus = ["paused", "failed", "needs_attention"].includes(p.status)
    ? await db.event.findFirst({ where: { stream: `project:${projectId}`, type: "project.status" }, orderBy: { seq: "desc" }, select: { payload: true } })
    : null;
  const settings = (p.settings ?? {}) as { requireCommandApproval?: boolean; learnedRouting?: { enabled?: boolean; marginPct?: number }; modelOverrides?: Record<string, string> };
  return {
    id: p.id,
    orgId: p.orgId,
    name: p.name,
    goal: p.goal,
    status: p.status,
    statusReason: (lastStatus?.payload as { reason?: string } | undefined)?.reason ?? null,
    createdAt: p.createdAt,
    archivedAt: p.archivedAt,
    createdById: p.createdById,
    conversationId: p.conversationId,
    plan: (p.plan as CostedPlan | null) ?? null,
    settings: {
      requireCommandApproval: Boolean(settings.requireCommandApproval),
      learnedRouting: { enabled: Boolean(settings.learnedRouting?.enabled), marginPct: settings.learnedRouting?.marginPct ?? DEFAULT_MARGIN_PCT },
      // As projects.updateSettings takes them: role ("*": every role) → catalog entry id or provider:model.
      modelOverrides: Object.entries(settings.modelOverrides ?? {}).map(([role, model]) => ({ role, model })),
    },
    lastSeq: lastEvent?.seq ?? 0,
    tasks: p.tasks.map((t) => ({
      id: t.id,
      key: t.key,
      title: t.title,
      role: t.role,
      description: t.description,
      acceptanceCriteria: t.acceptanceCriteria as string[],
      dependsOn: t.dependsOn,
      status: t.status,
      attempt: t.attempt,
      estimate: t.estimate as { tokens: number; minutes: number } | null,
      result: t.result as { summary?: string; commit?: string | null; error?: string } | null,
      feedback: (t.feedback as { from: string; kind: string; text: string; at: string }[]) ?? [],
    })),
    runs: p.runs.map((r) => ({ ...r, costUsd: Number(r.costUsd) })),
    questions: questions.map((q) => ({ id: q.id, taskId: q.taskId, kind: q.kind, text: q.text, createdAt: q.createdAt, ...(q.kind === "budget" ? { payload: q.payload as { budgetId: string; metric: string; limit: number; spent: number; needed: number } } : {}) })),
    totals: {
      costUsd: p.runs.reduce((n, r) => n + Number(r.costUsd), 0),
      tokens: p.runs.reduce((n, r) => n + r.tokensIn + r.tokensOut, 0),
    },
  };
}

/** A task's timeline: its events in order (model text, tool calls and results, status, commits). */
export async function taskTimeline(projectId: string, taskId: string) {
  const events = await db.event.findMany({ where: { projectId, taskId }, orderBy: { seq: "asc" }, take: 2000 });
  return events.map(toLiveEvent);
}
