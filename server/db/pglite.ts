import "server-only";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite, messages } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite/vector";
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

/** A PGlite with pgvector; `dataDir` undefined or "memory://" keeps it in memory. */
export function createPglite(dataDir?: string): PGlite {
  if (dataDir && !dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  return new PGlite({ dataDir, extensions: { vector } });
}

/** Closes a PGlite without letting it reset the process exit code (its Emscripten exit sets 0). */
export async function closePglite(pglite: PGlite): Promise<void> {
  if (pglite.closed) return;
  const exitCode = process.exitCode;
  try {
    await pglite.close();
  } finally {
    process.exitCode = exitCode;
  }
}

export function pgliteDataDir(aiosDataDir: string): string {
  return aiosDataDir === "memory://" ? "memory://" : join(aiosDataDir, "pgdata");
}

function toAdapterError(error: unknown): unknown {
  if (!(error instanceof messages.DatabaseError)) return error;
  return new DriverAdapterError({
    kind: "postgres",
    code: error.code ?? "N/A",
    severity: error.severity ?? "N/A",
    message: error.message,
    detail: error.detail,
    column: error.column,
    hint: error.hint,
  });
}

// pglite-prisma-adapter 0.7.2 fires executeScript without awaiting it, so a failing migration
// would surface as an unhandled rejection instead of failing (and being recorded) in the engine.
function withAwaitedScripts(adapter: SqlDriverAdapter, pglite: PGlite): SqlDriverAdapter {
  adapter.executeScript = async (script: string) => {
    try {
      await pglite.exec(script);
    } catch (error) {
      throw toAdapterError(error);
    }
  };
  return adapter;
}

/**
 * The schema engine's view of a PGlite: the stock adapter with awaited scripts, and a shadow
 * database that has pgvector (the stock shadow is a bare PGlite, where CREATE EXTENSION vector fails).
 */
export function pgliteMigrationFactory(pglite: PGlite): SqlMigrationAwareDriverAdapterFactory & {
  dispose(): Promise<void>;
} {
  const base = new PrismaPGlite(pglite);
  const shadows: PGlite[] = [];
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => withAwaitedScripts(await base.connect(), pglite),
    connectToShadowDb: async () => {
      const shadow = createPglite();
      shadows.push(shadow);
      return withAwaitedScripts(await new PrismaPGlite(shadow).connect(), shadow);
    },
    dispose: async () => {
      await Promise.all(shadows.splice(0).map(closePglite));
    },
  };
}
