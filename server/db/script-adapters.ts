import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type pg from "pg";

type DbError = { code: string; severity: string; message: string; detail?: string; column?: string; hint?: string };

function isDbError(error: unknown): error is DbError {
  const e = error as Partial<DbError> | null;
  return typeof e?.code === "string" && typeof e.severity === "string" && typeof e.message === "string";
}

function toAdapterError(error: unknown): unknown {
  if (!isDbError(error)) return error;
  return new DriverAdapterError({
    kind: "postgres",
    code: error.code,
    severity: error.severity,
    message: error.message,
    detail: error.detail,
    column: error.column,
    hint: error.hint,
  });
}

/**
 * Makes the adapter send each migration script to the server in one piece, as Prisma's native
 * engine does: one simple-protocol request, so the script runs as one implicit transaction.
 * The stock adapters get this wrong: @prisma/adapter-pg splits the script on every ";" (breaking
 * dollar-quoted function bodies and comments), and pglite-prisma-adapter does not await it.
 */
export function executesWholeScripts(adapter: SqlDriverAdapter, run: (script: string) => Promise<unknown>): SqlDriverAdapter {
  adapter.executeScript = async (script: string) => {
    try {
      await run(script);
    } catch (error) {
      throw toAdapterError(error);
    }
  };
  return adapter;
}

/** The schema engine's view of a Postgres pool (give it a dedicated single-connection pool). */
export function pgMigrationFactory(pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const base = new PrismaPg(pool);
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => executesWholeScripts(await base.connect(), (script) => pool.query(script)),
    connectToShadowDb: async () => {
      throw new Error("Migrations are created against PGlite (npm run db:migration), never against PostgreSQL.");
    },
  };
}
