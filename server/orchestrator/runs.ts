import "server-only";
import { db } from "@/server/db";
import { claimWithinRunLimits } from "@/server/governance/budgets";
import { logger } from "@/server/observability/logger";
import { enqueue } from "@/server/queue";

export const HEARTBEAT_MS = 2_000;
export const STALE_AFTER_MS = 20_000;

/** Compare-and-set: exactly one worker moves a queued run to running. */
export async function claimRun(runId: string, workerId: string): Promise<boolean> {
  const { count } = await db.run.updateMany({
    where: { id: runId, status: "queued" },
    data: { status: "running", claimedBy: workerId, heartbeatAt: new Date(), startedAt: new Date() },
  });
  return count === 1;
}

/** How long a run over a concurrent-runs limit waits in the queue before it tries again. */
export const RUN_SLOT_RETRY_SECONDS = 5;

/**
 * claimRun within the org's and project's concurrent-runs budgets: "full" leaves the run queued (the
 * caller re-enqueues it); "taken" means another worker claimed it (or it is no longer queued).
 */
export async function claimRunWithinLimits(runId: string, workerId: string): Promise<"claimed" | "taken" | "full"> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { orgId: true, projectId: true, status: true } });
  if (!run || run.status !== "queued") return "taken";
  const outcome = await claimWithinRunLimits(run, async (tx) => {
    const { count } = await tx.run.updateMany({
      where: { id: runId, status: "queued" },
      data: { status: "running", claimedBy: workerId, heartbeatAt: new Date(), startedAt: new Date() },
    });
    return count === 1;
  });
  return outcome.result;
}

/** Refreshes the heartbeat; returns the run's status so the caller notices a cancel or pause. */
export async function heartbeat(runId: string, workerId: string): Promise<string | null> {
  await db.run.updateMany({ where: { id: runId, status: "running", claimedBy: workerId }, data: { heartbeatAt: new Date() } });
  const run = await db.run.findUnique({ where: { id: runId }, select: { status: true, claimedBy: true } });
  if (!run) return null;
  return run.claimedBy === workerId ? run.status : "lost";
}

/**
 * Runs whose worker stopped heartbeating (crashed, killed) go back to the queue with attempt + 1.
 * The run keeps its id: its recorded steps are its memory, and its commit key stays the same.
 */
export async function reapStaleRuns(): Promise<number> {
  const stale = await db.run.findMany({
    where: { status: "running", heartbeatAt: { lt: new Date(Date.now() - STALE_AFTER_MS) } },
    select: { id: true, claimedBy: true },
  });
  let requeued = 0;
  for (const run of stale) {
    const { count } = await db.run.updateMany({
      where: { id: run.id, status: "running", claimedBy: run.claimedBy },
      data: { status: "queued", claimedBy: null, attempt: { increment: 1 } },
    });
    if (count === 1) {
      await enqueue("run.execute", { runId: run.id });
      logger.warn({ runId: run.id, worker: run.claimedBy }, "re-queued a run with a stale heartbeat");
      requeued++;
    }
  }
  return requeued;
}

/**
 * A worker that shuts down hands its run back: queued again at once instead of waiting to go stale.
 * The job starts a few seconds later, when this process no longer takes work.
 */
export async function releaseRun(runId: string, workerId: string): Promise<void> {
  const { count } = await db.run.updateMany({
    where: { id: runId, status: "running", claimedBy: workerId },
    data: { status: "queued", claimedBy: null, attempt: { increment: 1 } },
  });
  if (count === 1) await enqueue("run.execute", { runId }, { startAfterSeconds: RELEASE_DELAY_SECONDS });
}

export const RELEASE_DELAY_SECONDS = 5;
