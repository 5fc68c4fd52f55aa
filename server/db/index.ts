import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { env } from "@/server/env";
import { connection, currentConnection, disconnect, type Connection } from "./client";
import type { Prisma, PrismaClient } from "./generated/client";
import { compareWithApplied, type AppliedRow } from "./migrations";
import { migrateConnection } from "./prepare";
import { inTransactionScope, nestedTransaction, scopedTransaction } from "./transaction-scope";

export { Prisma } from "./generated/client";
export * from "./generated/enums";
export type * from "./generated/models";
export type { PrismaClient } from "./generated/client";

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

/**
 * The process-wide Prisma client. Opened on first use (importing this module has no side effects,
 * so `next build` and type-only importers never open the data folder); call `prepareDatabase()`
 * once at start-up before serving. After `closeDatabase()` the next use opens a new connection.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    if (prop === "then") return undefined; // not a thenable: `await db` must not open a connection
    // Inside a transaction scope (a tRPC mutation) every call joins the scope's transaction.
    const tx = scopedTransaction();
    if (tx && prop === "$transaction") return nestedTransaction(tx);
    const client = tx ?? connection().db;
    const value: unknown = Reflect.get(client, prop, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
  has: (_target, prop) => prop in connection().db,
});

/** Runs `fn` with every `db` call in one transaction (see transaction-scope.ts). */
export function withTransactionScope<T>(fn: () => Promise<T>): Promise<T> {
  return inTransactionScope(connection().db, fn);
}
export { sqlTimestamp } from "./sql-time";
export { afterCommit, keepOnRollback, RolledBack, scopedTransaction } from "./transaction-scope";

/** The embedded PGlite instance (for pg-boss's `fromPglite`); null in server mode. */
export function getPglite(): PGlite | null {
  return env.DATABASE_URL ? null : connection().pglite;
}

/** The shared pg.Pool (for pg-boss and @socket.io/postgres-adapter); null in embedded mode. */
export function getPgPool(): pg.Pool | null {
  return env.DATABASE_URL ? connection().pool : null;
}

const g = globalThis as { __aiosDbPrepared?: WeakMap<Connection, Promise<void>> };

/**
 * Applies pending migrations from prisma/migrations (recorded in `_prisma_migrations` exactly like
 * `prisma migrate deploy`). In server mode it first makes sure pgvector is available. Idempotent;
 * concurrent callers share one run.
 */
export function prepareDatabase(): Promise<void> {
  const conn = connection();
  const prepared = (g.__aiosDbPrepared ??= new WeakMap());
  let run = prepared.get(conn);
  if (!run) {
    run = migrateConnection(conn).then(
      () => {},
      (error: unknown) => {
        prepared.delete(conn);
        throw error;
      },
    );
    prepared.set(conn, run);
  }
  return run;
}

/** For GET /api/health/ready: applied = successfully applied migrations, pending = local ones not applied. */
export async function migrationStatus(): Promise<{ current: boolean; applied: number; pending: string[] }> {
  const client = connection().db;
  const [table] = await client.$queryRaw<{ exists: boolean }[]>`
    SELECT to_regclass('_prisma_migrations') IS NOT NULL AS "exists"`;
  const rows = table?.exists
    ? await client.$queryRaw<AppliedRow[]>`
        SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations`
    : [];
  return compareWithApplied(rows);
}

/** Disconnects Prisma and closes the pool or PGlite. Safe to call twice. */
export async function closeDatabase(): Promise<void> {
  if (currentConnection()) await disconnect();
}
