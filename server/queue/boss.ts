import "server-only";
import { hostname } from "node:os";
import { fromPglite, fromPrisma, PgBoss } from "pg-boss";
import { env } from "@/server/env";
import { getPglite, scopedTransaction, type Tx } from "@/server/db";
import { logger } from "@/server/observability/logger";
import { JOBS, type JobHandlers, type JobName, type JobPayload } from "./catalog";

export const workerId = `${hostname()}:${process.pid}`;
const NIL_UUID = "00000000-0000-0000-0000-000000000000";

const g = globalThis as { __aiosBoss?: Promise<PgBoss> };

async function create(): Promise<PgBoss> {
  const pglite = getPglite();
  const boss = pglite
    ? new PgBoss({ backend: "pglite", db: fromPglite(pglite), useListenNotify: true, schedule: false })
    : new PgBoss({ connectionString: env.DATABASE_URL!, useListenNotify: true, schedule: false, max: 5 });
  boss.on("error", (err) => logger.error({ err }, "queue error"));
  boss.on("warning", (w) => logger.warn({ warning: w }, "queue warning"));
  await boss.start();
  for (const [name, spec] of Object.entries(JOBS)) {
    const options = {
      retryLimit: spec.retryLimit,
      retryDelay: spec.retryDelaySeconds,
      expireInSeconds: spec.expireInSeconds,
      notify: true,
    };
    if (await boss.getQueue(name)) await boss.updateQueue(name, options);
    else await boss.createQueue(name, options).catch(async (err) => {
      // Another process created it first.
      if (!(await boss.getQueue(name))) throw err;
    });
    // createQueue/updateQueue evict pg-boss's queue cache, and the next send would refill it through
    // the instance connection; inside a Prisma transaction on PGlite (one connection) that waits on
    // itself. A no-op settle refills the cache now, outside any transaction.
    await boss.complete(name, NIL_UUID);
  }
  return boss;
}

/** The process's queue client (started on first use; on globalThis for Next's separate graph). */
export function getBoss(): Promise<PgBoss> {
  return (g.__aiosBoss ??= create());
}

/**
 * Enqueues a job. Pass `tx` to enqueue inside the transaction that changes the state the job is
 * about (it then exists only if that commits); inside a transaction scope that happens by itself.
 * Otherwise never call this while a transaction is open: embedded PGlite has one connection and
 * would wait on itself. (For the same reason the
 * queue is started at boot, before any transaction: starting it lazily inside one would stall.)
 */
export async function enqueue<N extends JobName>(
  name: N,
  payload: JobPayload<N>,
  opts: { tx?: Tx; startAfterSeconds?: number } = {},
): Promise<string> {
  const data = JOBS[name].payload.parse(payload) as object;
  const boss = await getBoss();
  // Inside a request's transaction scope the job joins that transaction (and exists only if it commits).
  const tx = opts.tx ?? scopedTransaction();
  const id = await boss.send(name, data, {
    ...(tx ? { db: fromPrisma(tx as never) } : {}),
    ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}),
  });
  if (!id) throw new Error(`queue refused job ${name}`);
  return id;
}

export async function startWorkers(handlers: JobHandlers, concurrency = 2): Promise<void> {
  const boss = await getBoss();
  for (const name of Object.keys(JOBS) as JobName[]) {
    const handle = handlers[name] as (p: unknown, j: { id: string; name: JobName }) => Promise<void>;
    // One pg-boss worker per slot, so each handler knows the worker it runs on. After a job, pg-boss
    // fetches again at once only if a NOTIFY arrived meanwhile; otherwise it sleeps out the poll
    // interval even with jobs waiting (a task that enqueues no successor left its slot idle ~2 s).
    // A slot that just finished a job may find more: it fetches again at once, and sleeps only
    // when that fetch comes back empty.
    for (let slot = 0; slot < concurrency; slot++) {
      let workerId = "";
      workerId = await boss.work(name, { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 2 }, async ([job]) => {
        if (!job) return;
        try {
          const payload = JOBS[name].payload.parse(job.data);
          await handle(payload, { id: job.id, name });
        } finally {
          if (workerId) boss.notifyWorker(workerId);
        }
      });
    }
  }
  logger.info({ workerId, queues: Object.keys(JOBS) }, "workers started");
}

export async function queueHealthy(): Promise<boolean> {
  try {
    const boss = await getBoss();
    await boss.getQueue("diagnostics.ping");
    return true;
  } catch {
    return false;
  }
}

export async function stopQueue(): Promise<void> {
  const pending = g.__aiosBoss;
  if (!pending) return;
  g.__aiosBoss = undefined;
  const boss = await pending.catch(() => null);
  await boss?.stop({ graceful: true, timeout: 10_000 });
}
