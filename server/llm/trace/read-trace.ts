import "server-only";
import { db } from "@/server/db";
import { notFound } from "@/server/errors";

// One model call with its trace, for people: always filtered by the caller's org (and project, when the
// caller only sees a project), so another org's call is "not found", never shown.

export async function readCallTrace(orgId: string, callId: string, projectId?: string) {
  const call = await db.llmCall.findFirst({
    where: { id: callId, orgId, ...(projectId ? { projectId } : {}) },
    include: { trace: { select: { prompt: true, answer: true, repairs: true, promptChars: true, answerChars: true, truncated: true } } },
  });
  if (!call) throw notFound("This model call");
  const [project, task] = await Promise.all([
    call.projectId ? db.project.findFirst({ where: { id: call.projectId, orgId }, select: { name: true } }) : null,
    call.taskId ? db.task.findFirst({ where: { id: call.taskId, orgId }, select: { key: true, title: true } }) : null,
  ]);
  const { trace, costUsd, cacheSavingsUsd, ...rest } = call;
  return {
    call: { ...rest, costUsd: costUsd.toString(), cacheSavingsUsd: cacheSavingsUsd.toString(), projectName: project?.name ?? null, taskTitle: task?.title ?? null, taskKey: task?.key ?? null },
    // Null for calls recorded before traces were kept.
    trace,
  };
}

export type CallTrace = Awaited<ReturnType<typeof readCallTrace>>;
