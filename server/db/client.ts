import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env } from "@/server/env";
import { lockDataDir } from "./data-dir-lock";
import { PrismaClient } from "./generated/client";
import { closePglite, createPglite, pgliteDataDir } from "./pglite";

export type Connection =
  | { kind: "pglite"; db: PrismaClient; pglite: PGlite; pool: null; describe: string; release: () => void }
  | { kind: "postgres"; db: PrismaClient; pglite: null; pool: pg.Pool; describe: string; release: () => void };

// One connection per process, shared by every module graph (Next bundles route handlers separately).
const g = globalThis as { __aiosDbConnection?: Connection };

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

function open(): Connection {
  if (env.DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL });
    // An idle client losing its server connection must not crash the process; the pool replaces it.
    pool.on("error", (error) => console.error(`[db] idle PostgreSQL connection failed: ${error.message}`));
    const db = new PrismaClient({ adapter: new PrismaPg(pool) });
    return { kind: "postgres", db, pglite: null, pool, describe: `PostgreSQL ${redact(env.DATABASE_URL)}`, release: () => {} };
  }
  // PGlite is one session guarded by one lock that a Prisma interactive transaction holds from BEGIN
  // to COMMIT (verified by scripts/db-selfcheck.ts):
  // - concurrent $transaction calls serialise safely (no lost updates); one queued longer than
  //   maxWait (2 s default) fails with "Unable to start a transaction in the given time".
  // - any other query on the instance (db.* instead of tx.*, pg-boss via fromPglite) waits for the
  //   open transaction; awaiting it inside the callback stalls until the transaction times out
  //   (5 s) and rolls back. Inside a transaction use tx, and enqueue with `{ db: fromPrisma(tx) }`.
  const inMemory = env.AIOS_DATA_DIR === "memory://";
  const dir = pgliteDataDir(inMemory ? "memory://" : env.dataDir);
  const release = inMemory ? () => {} : lockDataDir(dir);
  const pglite = createPglite(dir);
  const db = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return { kind: "pglite", db, pglite, pool: null, describe: inMemory ? "PGlite (in memory)" : `PGlite ${dir}`, release };
}

export function connection(): Connection {
  return (g.__aiosDbConnection ??= open());
}

export function currentConnection(): Connection | undefined {
  return g.__aiosDbConnection;
}

export async function disconnect(): Promise<void> {
  const conn = g.__aiosDbConnection;
  if (!conn) return;
  g.__aiosDbConnection = undefined;
  try {
    await conn.db.$disconnect().catch(() => {});
    if (conn.kind === "postgres") await conn.pool.end();
    else await closePglite(conn.pglite);
  } finally {
    conn.release();
  }
}
