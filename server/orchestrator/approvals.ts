import "server-only";
import type { Prisma, Tx } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { withEvents, type Emit } from "@/server/events";
import { enqueue } from "@/server/queue";

// Command approvals are bound to one run and one exact command. The run that asked waits (status
// waiting_for_human) with its tool call pending; a person's decision re-queues that same run, which
// runs the approved command (or receives the denial as the tool's result) and carries on. When the run
// or the project ends first, the question expires and no decision can be given any more.

type Actor = { userId: string; name: string };

export type ApprovalPayload = { command: string; toolCallId: string; step: number; input: Record<string, unknown> };

/** Closes open questions without an answer (their run or project ended): they leave every page. */
export async function expireQuestions(tx: Tx, emit: Emit | null, where: Prisma.QuestionWhereInput, reason: string): Promise<number> {
  const open = await tx.question.findMany({ where: { ...where, answeredAt: null } });
  if (open.length === 0) return 0;
  const tasks = await tx.task.findMany({ where: { id: { in: open.map((q) => q.taskId) } }, select: { id: true, key: true } });
  const keyOf = new Map(tasks.map((t) => [t.id, t.key]));
  await tx.question.updateMany({ where: { id: { in: open.map((q) => q.id) }, answeredAt: null }, data: { answeredAt: new Date(), outcome: "expired", answer: `Expired: ${reason}.` } });
  if (emit) {
    for (const q of open) {
      await emit({ orgId: q.orgId, projectId: q.projectId, taskId: q.taskId, type: "question.expired", payload: { questionId: q.id, taskKey: keyOf.get(q.taskId) ?? "", kind: q.kind, text: q.text, reason } });
    }
  }
  return open.length;
}

/** Why a question can no longer be answered, as a sentence for the person who tried. */
function closedSentence(q: { outcome: string | null; answer: string | null; kind: string }): string {
  const what = q.kind === "command_approval" ? "command" : "question";
  if (q.outcome === "expired") return `This ${what} can no longer be answered: it expired because ${(q.answer ?? "").replace(/^Expired: /, "").replace(/\.$/, "")}.`;
  if (q.outcome === "approved") return "This command was already approved.";
  if (q.outcome === "denied") return "This command was already denied.";
  return "This question was already answered.";
}

/**
 * A person approves or denies a command an agent is waiting to run. Approval is for this run and this
 * exact command only; a denial's reason reaches the agent as the command's result, so it can adapt.
 */
export async function decideCommand(projectId: string, questionId: string, decision: "approve" | "deny", reason: string | undefined, actor: Actor): Promise<void> {
  if (decision === "deny" && !reason?.trim()) throw new AppError("BAD_REQUEST", "Say why the command is denied: the agent receives the reason.");
  await withEvents(async (tx, emit) => {
    const q = await tx.question.findFirst({ where: { id: questionId, projectId } });
    if (!q) throw notFound("Question");
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { status: true } });
    const task = await tx.task.findUniqueOrThrow({ where: { id: q.taskId } });
    if (q.kind !== "command_approval") throw new AppError("BAD_REQUEST", "This is a question, not a command to approve: answer it instead.");
    if (q.answeredAt) throw new AppError("CONFLICT", closedSentence(q));
    if (project.status !== "running") throw new AppError("CONFLICT", `The project is ${project.status.replace("_", " ")}; resume it before deciding on this command.`);
    const payload = q.payload as ApprovalPayload | null;
    if (!q.runId || !payload?.toolCallId) throw new AppError("CONFLICT", "This approval was asked by an older version of AIOS and cannot resume its run; retry the task instead.");
    // The run must still be the one waiting for this decision (it may have been cancelled meanwhile).
    const { count } = await tx.run.updateMany({ where: { id: q.runId, status: "waiting_for_human" }, data: { status: "queued", claimedBy: null } });
    if (count === 0) {
      throw new AppError("CONFLICT", "This command can no longer be approved or denied: the run that asked for it has ended.");
    }
    const outcome = decision === "approve" ? "approved" : "denied";
    const answer = decision === "approve" ? "Approved" : reason!.trim();
    const { count: answered } = await tx.question.updateMany({
      where: { id: q.id, answeredAt: null },
      data: { answer, outcome, answeredAt: new Date(), answeredById: actor.userId },
    });
    if (answered === 0) throw new AppError("CONFLICT", "This command was decided by someone else a moment ago.");
    await tx.task.update({ where: { id: q.taskId }, data: { status: "queued" } });
    await emit({
      orgId: q.orgId,
      projectId,
      taskId: q.taskId,
      type: "question.answered",
      payload: { questionId: q.id, taskKey: task.key, answer, by: actor.name, decision: outcome, command: payload.command },
    });
    await emit({
      orgId: q.orgId,
      projectId,
      taskId: q.taskId,
      runId: q.runId,
      type: "task.status",
      payload: {
        taskKey: task.key,
        title: task.title,
        role: task.role,
        status: "queued",
        attempt: task.attempt,
        reason: decision === "approve" ? `Command approved by ${actor.name}` : `Command denied by ${actor.name}`,
      },
    });
    await enqueue("run.execute", { runId: q.runId }, { tx });
  });
}

/** Whether a free-text answer to a command question means "approved" (the chat's button sends that). */
export const isApproval = (answer: string) => /^\s*(approved?|yes|ok|run it)\s*\.?\s*$/i.test(answer);
