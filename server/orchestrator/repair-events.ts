import "server-only";
import type { Emit } from "@/server/events";

// What AIOS fixed in a model's structured answer stays on record as an event, not only on a card: the
// activity feed shows intake's repairs (there is no card for them) and a plan's next to its proposal.

const MAX_REPAIRS = 50;
const MAX_CHARS = 500;

export async function emitRepairs(
  emit: Emit,
  at: { orgId: string; projectId?: string | null },
  purpose: "intake" | "planning",
  repairs: readonly string[] | undefined,
  by: string,
): Promise<void> {
  if (!repairs?.length) return;
  const capped = repairs.slice(0, MAX_REPAIRS).map((r) => (r.length > MAX_CHARS ? `${r.slice(0, MAX_CHARS - 1)}…` : r));
  await emit({ orgId: at.orgId, projectId: at.projectId ?? null, type: "answer.repaired", payload: { purpose, repairs: capped, by } });
}
