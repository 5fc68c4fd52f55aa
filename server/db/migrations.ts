import "server-only";
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import { engineError, withSchemaEngine } from "./schema-engine";

export const LOCKFILE = "migration_lock.toml";
export const noFilters = { externalTables: [], externalEnums: [] };

export function migrationsDir(): string {
  return resolve("prisma/migrations");
}

/** The migrations folder in the shape the engine expects; same reading rules as the Prisma CLI. */
export async function readMigrationList(baseDir = migrationsDir()): Promise<MigrationList> {
  // turbopackIgnore: reading migrations at run time must not make Next trace the whole project.
  const lockContent = await readFile(/*turbopackIgnore: true*/ join(baseDir, LOCKFILE), "utf8").catch(() => null);
  const entries = await readdir(/*turbopackIgnore: true*/ baseDir, { withFileTypes: true }).catch(() => []);
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  dirs.sort((a, b) => a.localeCompare(b));
  const migrationDirectories = await Promise.all(
    dirs.map(async (path) => ({
      path,
      migrationFile: {
        path: "migration.sql",
        content: await readFile(/*turbopackIgnore: true*/ join(baseDir, path, "migration.sql"), "utf8").then(
          (value) => ({ tag: "ok" as const, value }),
          (error: Error) => ({ tag: "error" as const, value: error.message }),
        ),
      },
    })),
  );
  return {
    baseDir,
    lockfile: { path: LOCKFILE, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/** Applies pending migrations exactly like `prisma migrate deploy`; returns the names applied. */
export async function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const migrationsList = await readMigrationList();
  if (migrationsList.migrationDirectories.length === 0) {
    throw new Error(`No migrations found in ${migrationsList.baseDir}.`);
  }
  return withSchemaEngine(factory, async (engine) => {
    try {
      const out = await engine.applyMigrations({ migrationsList, filters: noFilters });
      return out.appliedMigrationNames;
    } catch (error) {
      const failure = engineError(error, "Applying migrations");
      // Each migration script runs as one transaction, so a failed one left nothing behind.
      failure.message +=
        "\nFix the migration, then mark the failed one rolled back and migrate again:" +
        "\n  npx tsx --import ./scripts/register.mjs scripts/db.ts resolve --rolled-back <migration> && npm run db:migrate";
      throw failure;
    }
  });
}

export type AppliedRow = { migration_name: string; finished_at: Date | null; rolled_back_at: Date | null };

/** Local migrations not successfully applied (missing, failed or rolled back) are pending. */
export async function compareWithApplied(rows: AppliedRow[]) {
  const local = (await readMigrationList()).migrationDirectories.map((d) => d.path);
  const done = new Set(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name));
  const pending = local.filter((name) => !done.has(name));
  return { current: pending.length === 0, applied: done.size, pending };
}

export async function markRolledBack(factory: SqlMigrationAwareDriverAdapterFactory, migrationName: string): Promise<void> {
  await withSchemaEngine(factory, async (engine) => {
    try {
      await engine.markMigrationRolledBack({ migrationName });
    } catch (error) {
      throw engineError(error, `Marking ${migrationName} as rolled back`);
    }
  });
}
