import "server-only";
import type { AgentModel, Prisma, ProjectModel, TaskModel, Tx } from "@/server/db";
import { AppError } from "@/server/errors";
import { withEvents, type Emit } from "@/server/events";
import { expireQuestions } from "@/server/orchestrator/approvals";
import { scheduleReady, settleProject } from "@/server/orchestrator/scheduler";
import { commitAll } from "@/server/workspace";
import { checkFinish } from "@/lib/criteria-check";
import { passingCommands } from "./run-commands";
import type { Feedback } from "./prompt";
import type { ToolControl } from "./tools/execute";
import { withWorkspaceLock } from "./workspace-lock";

export type RunScope = {
  runId: string;
  workerId: string;
  task: TaskModel;
  project: ProjectModel;
  agent: Pick<AgentModel, "role" | "name">;
  root: string;
};

type TaskStatus = "pending" | "succeeded" | "failed" | "waiting_for_human" | "needs_attention";

/** Compare-and-set the run to its final status; false when this worker no longer owns it. */
async function closeRun(tx: Tx, s: RunScope, status: "succeeded" | "failed" | "cancelled" | "needs_attention", data: { summary?: string; error?: string; commitSha?: string | null }) {
  const { count } = await tx.run.updateMany({
    where: { id: s.runId, status: "running", claimedBy: s.workerId },
    data: { status, finishedAt: new Date(), summary: data.summary ?? null, error: data.error ?? null, commitSha: data.commitSha ?? null },
  });
  // A decision a person gave for this run can never be used by another one.
  if (count === 1) await expireQuestions(tx, null, { runId: s.runId, kind: "command_approval" }, "the run it was asked for ended");
  return count === 1;
}

async function setTask(tx: Tx, emit: Emit, s: RunScope, task: TaskModel, status: TaskStatus, extra: Prisma.TaskUpdateInput = {}, reason?: string) {
  await tx.task.update({ where: { id: task.id }, data: { status, ...extra } });
  await emit({
    orgId: task.orgId,
    projectId: task.projectId,
    taskId: task.id,
    runId: s.runId,
    type: "task.status",
    payload: { taskKey: task.key, title: task.title, role: task.role, status, attempt: task.attempt, reason },
  });
}

/** The agent's work is committed under its name; the run key makes a repeated commit impossible. */
async function commitWork(s: RunScope, summary: string) {
  return withWorkspaceLock(s.root, () => commitAll(s.root, {
    message: `${s.task.title} [${s.task.key}]\n\n${summary}`,
    authorName: `${s.agent.name} (AIOS ${s.agent.role})`,
    authorEmail: `${s.agent.role}@agents.aios.local`,
    idempotencyKey: s.runId,
  }));
}

async function recordCommit(tx: Tx, emit: Emit, s: RunScope, commit: { sha: string; files: string[] } | null, message: string) {
  if (!commit) return;
  await tx.artifact.createMany({
    data: commit.files.map((path) => ({ orgId: s.task.orgId, projectId: s.task.projectId, taskId: s.task.id, path, commit: commit.sha })),
  });
  await emit({
    orgId: s.task.orgId,
    projectId: s.task.projectId,
    taskId: s.task.id,
    runId: s.runId,
    type: "git.commit",
    payload: { taskKey: s.task.key, role: s.agent.role, sha: commit.sha, message, files: commit.files },
  });
}

export async function settleControl(s: RunScope, control: ToolControl): Promise<void> {
  if (control.kind === "finish") return settleFinish(s, control);
  if (control.kind === "handoff") return settleHandoff(s, control);
  if (control.kind === "approve_command") return settleApprovalWait(s, control);
  return settleQuestion(s, { kind: "question", text: control.question });
}

/**
 * A finish succeeds only when every acceptance criterion is met with evidence this run produced (a
 * command whose latest run exited 0); otherwise the work is kept (committed) and the task needs a
 * person's attention, with the reason. Its dependents wait, as for a failure.
 */
async function settleFinish(s: RunScope, f: Extract<ToolControl, { kind: "finish" }>) {
  const check = checkFinish((s.task.acceptanceCriteria as string[]) ?? [], f.criteria, f.summary, await passingCommands(s.runId));
  const commit = await commitWork(s, f.summary);
  await withEvents(async (tx, emit) => {
    const status = check.ok ? "succeeded" : "needs_attention";
    if (!(await closeRun(tx, s, status, { summary: f.summary, error: check.reason, commitSha: commit?.sha }))) return;
    await recordCommit(tx, emit, s, commit, f.summary);
    const result = { summary: f.summary, commit: commit?.sha ?? null, criteria: check.criteria, ...(check.reason ? { reason: check.reason } : {}) };
    await setTask(tx, emit, s, s.task, status, { result: result as Prisma.InputJsonValue }, check.reason);
    await scheduleReady(tx, emit, s.project.id);
  });
}

/** The nearest task upstream of `task` owned by `role` (the work a hand-back is about). */
function upstreamOf(tasks: TaskModel[], task: TaskModel, role: string): TaskModel | undefined {
  const byKey = new Map(tasks.map((t) => [t.key, t]));
  const queue = [...task.dependsOn];
  const seen = new Set<string>();
  while (queue.length) {
    const key = queue.shift()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const t = byKey.get(key);
    if (!t) continue;
    if (t.role === role) return t;
    queue.push(...t.dependsOn);
  }
  return undefined;
}

async function settleHandoff(s: RunScope, h: Extract<ToolControl, { kind: "handoff" }>) {
  const summary = `${h.handoffKind === "return" ? "Returned to" : "Asked"} ${h.toRole}: ${h.reason}`;
  const commit = await commitWork(s, summary);
  await withEvents(async (tx, emit) => {
    const tasks = await tx.task.findMany({ where: { projectId: s.project.id } });
    const feedback: Feedback = { from: s.agent.role, kind: h.handoffKind === "return" ? "return" : "ask", text: h.reason, at: new Date().toISOString() };
    let target = h.handoffKind === "return" ? upstreamOf(tasks, s.task, h.toRole) : undefined;
    if (h.handoffKind === "ask") {
      // Asking another agent creates a task for them that this one now waits for.
      const key = `${s.task.key}-ask-${tasks.filter((t) => t.key.startsWith(`${s.task.key}-ask-`)).length + 1}`.slice(0, 40);
      target = await tx.task.create({
        data: {
          orgId: s.task.orgId,
          projectId: s.project.id,
          key,
          title: `Help ${s.agent.role}: ${h.reason.slice(0, 80)}`,
          role: h.toRole,
          description: h.reason,
          // The answer is the summary the helper finishes with; there is nothing to test.
          acceptanceCriteria: [],
          dependsOn: [],
          feedback: [feedback] as Prisma.InputJsonValue,
        },
      });
      await emit({ orgId: s.task.orgId, projectId: s.project.id, type: "task.added", payload: { taskKey: key, title: target.title, role: h.toRole, dependsOn: [] } });
    }
    if (!target) throw new AppError("BAD_REQUEST", `No task owned by "${h.toRole}" comes before ${s.task.key}; nothing to hand back to.`);
    if (!(await closeRun(tx, s, "succeeded", { summary, commitSha: commit?.sha }))) return;
    await recordCommit(tx, emit, s, commit, summary);
    await emit({ orgId: s.task.orgId, projectId: s.project.id, taskId: s.task.id, runId: s.runId, type: "agent.handoff", payload: { taskKey: s.task.key, from: s.agent.role, to: h.toRole, kind: h.handoffKind, reason: h.reason } });
    if (h.handoffKind === "return") {
      const fb = [...((target.feedback as Feedback[]) ?? []), feedback];
      await setTask(tx, emit, s, target, "pending", { feedback: fb as Prisma.InputJsonValue }, `Returned by ${s.agent.role}`);
      await setTask(tx, emit, s, s.task, "pending", {}, `Waiting for ${h.toRole} to fix it`);
    } else {
      await setTask(tx, emit, s, s.task, "pending", { dependsOn: [...s.task.dependsOn, target.key] }, `Waiting for ${h.toRole}`);
    }
    await scheduleReady(tx, emit, s.project.id);
  });
}

/**
 * A command waits for a person: the run pauses (not finished) with its pending tool call, and a
 * question bound to this run and this exact command is opened. The decision resumes the same run.
 */
async function settleApprovalWait(s: RunScope, a: Extract<ToolControl, { kind: "approve_command" }>) {
  await withEvents(async (tx, emit) => {
    const { count } = await tx.run.updateMany({ where: { id: s.runId, status: "running", claimedBy: s.workerId }, data: { status: "waiting_for_human", claimedBy: null } });
    if (count === 0) return;
    await openQuestion(tx, emit, s, { kind: "command_approval", text: a.command, payload: { command: a.command, toolCallId: a.toolCallId, step: a.step, input: a.input } as Prisma.InputJsonValue });
  });
}

async function settleQuestion(s: RunScope, q: { kind: "question"; text: string }) {
  await withEvents(async (tx, emit) => {
    if (!(await closeRun(tx, s, "succeeded", { summary: `Asked: ${q.text}` }))) return;
    await openQuestion(tx, emit, s, q);
  });
}

async function openQuestion(tx: Tx, emit: Emit, s: RunScope, q: { kind: "question" | "command_approval"; text: string; payload?: Prisma.InputJsonValue }) {
  const question = await tx.question.create({
    data: { orgId: s.task.orgId, projectId: s.project.id, taskId: s.task.id, runId: s.runId, kind: q.kind, text: q.text, payload: q.payload },
  });
  await emit({
    orgId: s.task.orgId,
    projectId: s.project.id,
    taskId: s.task.id,
    runId: s.runId,
    type: "question.asked",
    payload: { questionId: question.id, taskKey: s.task.key, role: s.agent.role, kind: q.kind, text: q.text },
  });
  await setTask(tx, emit, s, s.task, "waiting_for_human", {}, q.kind === "question" ? "Waiting for an answer" : "Waiting for command approval");
  // The question also goes to the chat the project came from, where it can be answered.
  if (s.project.conversationId) {
    const lead = q.kind === "question" ? `The ${s.agent.role} agent asks about "${s.task.title}":` : `The ${s.agent.role} agent wants to run a command for "${s.task.title}":`;
    await tx.chatMessage.create({
      data: {
        orgId: s.task.orgId,
        conversationId: s.project.conversationId,
        role: "assistant",
        parts: [
          { type: "text", text: lead },
          { type: "data-question", data: { projectId: s.project.id, questionId: question.id, role: s.agent.role, kind: q.kind, text: q.text } },
        ],
      },
    });
  }
}

/** A failed run fails its task; only the tasks that depend on it stop. */
export async function settleFailure(s: RunScope, error: string): Promise<void> {
  await withEvents(async (tx, emit) => {
    if (!(await closeRun(tx, s, "failed", { error }))) return;
    await setTask(tx, emit, s, s.task, "failed", { result: { error } }, error);
    await settleProject(tx, emit, s.project.id);
  });
}

/** Paused: the run stops and its task waits to be picked up again on resume. */
export async function settlePaused(s: RunScope): Promise<void> {
  await withEvents(async (tx, emit) => {
    if (!(await closeRun(tx, s, "cancelled", { summary: "Paused" }))) return;
    await setTask(tx, emit, s, s.task, "pending", {}, "Project paused");
  });
}
