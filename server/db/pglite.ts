import "server-only";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite/vector";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { executesWholeScripts } from "./script-adapters";

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

/**
 * The schema engine's view of a PGlite: the stock adapter with whole scripts, and a shadow
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
    connect: async () => executesWholeScripts(await base.connect(), (script) => pglite.exec(script)),
    connectToShadowDb: async () => {
      const shadow = createPglite();
      shadows.push(shadow);
      return executesWholeScripts(await new PrismaPGlite(shadow).connect(), (script) => shadow.exec(script));
    },
    dispose: async () => {
      await Promise.all(shadows.splice(0).map(closePglite));
    },
  };
}
