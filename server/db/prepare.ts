import "server-only";
import pg from "pg";
import { env } from "@/server/env";
import type { Connection } from "./client";
import { applyMigrations } from "./migrations";
import { pgliteMigrationFactory } from "./pglite";
import { ensurePgvector } from "./pgvector";
import { pgMigrationFactory } from "./script-adapters";

/** Applies pending migrations to the connection's database; returns the names applied. */
export async function migrateConnection(conn: Connection): Promise<string[]> {
  if (conn.kind === "pglite") {
    await conn.pglite.waitReady;
    const factory = pgliteMigrationFactory(conn.pglite);
    try {
      return await applyMigrations(factory);
    } finally {
      await factory.dispose();
    }
  }
  // The engine holds Prisma's advisory lock for the whole run, so it needs one dedicated session;
  // that lock is also what serialises several processes migrating at once.
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 1, idleTimeoutMillis: 0 });
  try {
    await ensurePgvector(pool);
    return await applyMigrations(pgMigrationFactory(pool));
  } finally {
    await pool.end();
  }
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
