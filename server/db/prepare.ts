import "server-only";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { env } from "@/server/env";
import type { Connection } from "./client";
import { applyMigrations, markRolledBack } from "./migrations";
import { pgliteMigrationFactory } from "./pglite";
import { ensurePgvector } from "./pgvector";
import { pgMigrationFactory } from "./script-adapters";

async function withMigrationFactory<T>(
  conn: Connection,
  fn: (factory: SqlMigrationAwareDriverAdapterFactory, pool?: pg.Pool) => Promise<T>,
): Promise<T> {
  if (conn.kind === "pglite") {
    await conn.pglite.waitReady;
    const factory = pgliteMigrationFactory(conn.pglite);
    try {
      return await fn(factory);
    } finally {
      await factory.dispose();
    }
  }
  // The engine holds Prisma's advisory lock for the whole run, so it needs one dedicated session;
  // that lock is also what serialises several processes migrating at once.
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 1, idleTimeoutMillis: 0 });
  try {
    return await fn(pgMigrationFactory(pool), pool);
  } finally {
    await pool.end();
  }
}

/** Applies pending migrations to the connection's database; returns the names applied. */
export function migrateConnection(conn: Connection): Promise<string[]> {
  return withMigrationFactory(conn, async (factory, pool) => {
    if (pool) await ensurePgvector(pool);
    return applyMigrations(factory);
  });
}

/** `prisma migrate resolve --rolled-back`: lets a fixed version of a failed migration be applied. */
export function resolveRolledBack(conn: Connection, migrationName: string): Promise<void> {
  return withMigrationFactory(conn, (factory) => markRolledBack(factory, migrationName));
}

const DROP_ALL = `
DO $$
DECLARE s name;
BEGIN
  FOR s IN SELECT nspname FROM pg_namespace
           WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'
  LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', s);
  END LOOP;
  CREATE SCHEMA public;
  GRANT USAGE ON SCHEMA public TO PUBLIC;
END $$;`;

/** Drops every schema (tables, pg-boss's queue, extensions) and migrates from scratch. */
export async function resetConnection(conn: Connection): Promise<string[]> {
  if (conn.kind === "pglite") {
    await conn.pglite.waitReady;
    await conn.pglite.exec(DROP_ALL);
  } else {
    await conn.pool.query(DROP_ALL);
  }
  return migrateConnection(conn);
}
