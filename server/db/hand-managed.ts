import "server-only";
import type { MigrationList } from "@prisma/schema-engine-wasm";

// Index methods Prisma can express in schema.prisma; an index created by hand with any other
// method (pgvector's hnsw, ivfflat) is invisible to the schema, so every diff wants to drop it.
const PRISMA_INDEX_METHODS = new Set(["btree", "hash", "gist", "gin", "spgist", "brin"]);

function historySql(list: MigrationList): string {
  return list.migrationDirectories
    .map((d) => (d.migrationFile.content.tag === "ok" ? d.migrationFile.content.value : ""))
    .join("\n");
}

/**
 * Removes from a generated migration the steps that only undo hand-written SQL of earlier
 * migrations: DROP INDEX of indexes Prisma cannot express, and CREATE EXTENSION of extensions the
 * history already creates (the WASM engine replays history without reading extensions back).
 * Triggers and functions need nothing here: Prisma never reads them.
 */
export function withoutHandManagedSteps(script: string, history: MigrationList): string {
  const sql = historySql(history);
  const extensions = new Set(
    [...sql.matchAll(/CREATE EXTENSION\s+(?:IF NOT EXISTS\s+)?"?([\w-]+)"?/gi)].map((m) => m[1]!.toLowerCase()),
  );
  const handIndexes = new Set(
    [...sql.matchAll(/CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF NOT EXISTS\s+)?"([^"]+)"[^;]*?\sUSING\s+(\w+)/gi)]
      .filter((m) => !PRISMA_INDEX_METHODS.has(m[2]!.toLowerCase()))
      .map((m) => m[1]!),
  );
  return script
    .replace(/-- CreateExtension\nCREATE EXTENSION IF NOT EXISTS "([^"]+)";\n*/g, (step, name: string) =>
      extensions.has(name.toLowerCase()) ? "" : step,
    )
    .replace(/-- DropIndex\nDROP INDEX "([^"]+)";\n*/g, (step, name: string) => (handIndexes.has(name) ? "" : step));
}

/** True when nothing but comments and whitespace is left. */
export function isEmptyScript(script: string): boolean {
  return script.replace(/\/\*[\s\S]*?\*\//g, "").replace(/--.*$/gm, "").trim() === "";
}
