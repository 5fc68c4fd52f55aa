import "server-only";
import { acceptRuns, executeRun, releaseRunsForShutdown } from "@/server/agents/runner";
import { handlePing } from "@/server/diagnostics";
import { logger } from "@/server/observability/logger";
import { sweepExpiredHolds } from "@/server/governance/budgets";
import { sweepExpiredCacheEntries } from "@/server/llm/cache";
import { reapStaleRuns } from "@/server/orchestrator/runs";
import { startWorkers, type JobHandlers } from "@/server/queue";

// The job catalog's handlers, registered in processes that run the worker role.
const handlers: JobHandlers = {
  "diagnostics.ping": handlePing,
  "run.execute": ({ runId }) => executeRun(runId),
};

const REAP_EVERY_MS = 10_000;
const g = globalThis as { __aiosReaper?: ReturnType<typeof setInterval> };

export async function startJobWorkers(): Promise<void> {
  acceptRuns();
  await startWorkers(handlers);
  // Every worker sweeps for runs whose worker died; the compare-and-set makes concurrent sweeps safe.
  g.__aiosReaper ??= setInterval(() => {
    reapStaleRuns().catch((err) => logger.warn({ err }, "reaping stale runs failed"));
    // Budget holds of calls whose process died expire and are given back (the delete is the guard).
    sweepExpiredHolds().catch((err) => logger.warn({ err }, "sweeping budget holds failed"));
    // Expired response-cache entries (reads already ignore them): a bounded delete keeps the table small.
    sweepExpiredCacheEntries().catch((err) => logger.warn({ err }, "sweeping the response cache failed"));
  }, REAP_EVERY_MS);
  g.__aiosReaper.unref();
}

/** Before the queue stops: no more sweeps, and running agents hand their runs back. */
export function stopJobWorkers(): void {
  if (g.__aiosReaper) clearInterval(g.__aiosReaper);
  g.__aiosReaper = undefined;
  releaseRunsForShutdown();
}
