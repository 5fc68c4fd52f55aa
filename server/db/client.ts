import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env } from "@/server/env";
import { PrismaClient } from "./generated/client";
import { createPglite, pgliteDataDir } from "./pglite";

export type Connection =
  | { kind: "pglite"; db: PrismaClient; pglite: PGlite; pool: null }
  | { kind: "postgres"; db: PrismaClient; pglite: null; pool: pg.Pool };

// One connection per process, shared by every module graph (Next bundles route handlers separately).
const g = globalThis as { __aiosDbConnection?: Connection };

function open(): Connection {
  if (env.DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL });
    // An idle client losing its server connection must not crash the process; the pool replaces it.
    pool.on("error", (error) => console.error(`[db] idle Postgres connection failed: ${error.message}`));
    return { kind: "postgres", db: new PrismaClient({ adapter: new PrismaPg(pool) }), pglite: null, pool };
  }
  const pglite = createPglite(pgliteDataDir(env.AIOS_DATA_DIR === "memory://" ? "memory://" : env.dataDir));
  return { kind: "pglite", db: new PrismaClient({ adapter: new PrismaPGlite(pglite) }), pglite, pool: null };
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
  await conn.db.$disconnect().catch(() => {});
  if (conn.kind === "postgres") await conn.pool.end();
  else if (!conn.pglite.closed) await conn.pglite.close();
}
