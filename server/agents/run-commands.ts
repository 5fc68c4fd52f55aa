import "server-only";
import { db } from "@/server/db";
import { latestOutcomes } from "@/lib/criteria-check";

/** The commands this run ran and whether each one's latest run exited 0, from its recorded tool calls and results. */
export async function passingCommands(runId: string): Promise<Map<string, boolean>> {
  const events = await db.event.findMany({
    where: { runId, type: { in: ["agent.tool_call", "agent.tool_result"] } },
    orderBy: { seq: "asc" },
    select: { type: true, payload: true },
  });
  const commandOf = new Map<string, string>();
  const ran: { command: string; ok: boolean }[] = [];
  for (const e of events) {
    const p = e.payload as { tool?: string; toolCallId?: string; input?: { command?: unknown }; ok?: boolean };
    if (p.tool !== "run_command" || !p.toolCallId) continue;
    if (e.type === "agent.tool_call" && typeof p.input?.command === "string") commandOf.set(p.toolCallId, p.input.command);
    if (e.type === "agent.tool_result" && commandOf.has(p.toolCallId)) ran.push({ command: commandOf.get(p.toolCallId)!, ok: p.ok === true });
  }
  return latestOutcomes(ran);
}
