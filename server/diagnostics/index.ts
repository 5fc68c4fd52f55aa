import "server-only";
import { db, migrationStatus } from "@/server/db";
import { env } from "@/server/env";
import { withEvents } from "@/server/events";
import { enqueue, queueHealthy, workerId, type JobHandlers } from "@/server/queue";

const VERSION = "0.1.0";

/** A real round trip: tRPC → queue → worker → event in the database → live to the browser. */
export async function sendPing(orgId: string, message: string): Promise<{ jobId: string }> {
  const jobId = await enqueue("diagnostics.ping", { orgId, message, enqueuedAt: new Date().toISOString() });
  return { jobId };
}

export const handlePing: JobHandlers["diagnostics.ping"] = async (payload, job) => {
  await withEvents(async (_tx, emit) => {
    await emit({
      orgId: payload.orgId,
      type: "diagnostics.pong",
      payload: {
        message: payload.message,
        jobId: job.id,
        enqueuedAt: payload.enqueuedAt,
        handledAt: new Date().toISOString(),
        worker: workerId,
      },
    });
  });
};

export async function databaseHealth(): Promise<{ ok: boolean; latencyMs: number }> {
  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch {
    return { ok: false, latencyMs: Math.round(performance.now() - started) };
  }
}

export async function readiness() {
  const [database, queueOk, migrations] = await Promise.all([
    databaseHealth(),
    queueHealthy(),
    migrationStatus().catch(() => ({ current: false, applied: 0, pending: [] as string[] })),
  ]);
  return {
    ok: database.ok && queueOk && migrations.current,
    mode: env.mode,
    version: VERSION,
    database,
    queue: { ok: queueOk },
    migrations,
  };
}
