import "server-only";
import { db } from "@/server/db";
import type { ApprovalPayload } from "@/server/orchestrator/approvals";

/** A person's decision on a command this run asked for, still to be turned into the call's result. */
export type PendingDecision = { toolCallId: string; step: number; command: string; input: Record<string, unknown>; approved: boolean; by: string; reason: string };

/**
 * What people decided for this run: the exact commands approved (valid for this run only), and the
 * decided call whose result is not recorded yet (the call the run paused on), if any.
 */
export async function runApprovals(runId: string): Promise<{ approved: Set<string>; pending: PendingDecision | null }> {
  const decided = await db.question.findMany({
    where: { runId, kind: "command_approval", outcome: { in: ["approved", "denied"] } },
    orderBy: { answeredAt: "asc" },
  });
  const approved = new Set(decided.filter((q) => q.outcome === "approved").map((q) => (q.payload as ApprovalPayload).command));
  const last = decided.at(-1);
  if (!last) return { approved, pending: null };
  const p = last.payload as ApprovalPayload;
  const recorded = await db.event.count({ where: { runId, type: "agent.tool_result", payload: { path: ["toolCallId"], equals: p.toolCallId } } });
  if (recorded > 0) return { approved, pending: null };
  const by = last.answeredById ? ((await db.user.findUnique({ where: { id: last.answeredById }, select: { name: true } }))?.name ?? "A person") : "A person";
  return { approved, pending: { ...p, approved: last.outcome === "approved", by, reason: last.answer ?? "" } };
}

/** The tool result an agent receives for a denied command: the reason, so it can adapt. */
export const deniedOutput = (d: PendingDecision) =>
  `Not run: ${d.by} denied \`${d.command}\`. Reason: ${d.reason}\nDo not run this command again in this task; find another way, or finish and explain what is left.`;
