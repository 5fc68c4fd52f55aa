import { mkdirSync, rmSync } from "node:fs";
import pg from "pg";
import type { TestProject } from "vitest/node";

// globalSetup of the integration-pg project: start from an empty database, so migrations are tested
// from scratch and no rows survive from an earlier run. AIOS_TEST_DATABASE_URL is wiped: never point it
// at a database you care about.
export default async function resetTestDatabase(project: TestProject): Promise<void> {
  const { DATABASE_URL: url, AIOS_DATA_DIR: dataDir } = project.config.env;
  if (!url || !dataDir) throw new Error("integration-pg needs DATABASE_URL and AIOS_DATA_DIR in its project env");
  if (process.env.DATABASE_URL?.trim() === url) {
    throw new Error("AIOS_TEST_DATABASE_URL equals DATABASE_URL: refusing to wipe what looks like a working database");
  }

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT nspname AS name FROM pg_namespace
        WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`,
    );
    for (const { name } of rows) await client.query(`DROP SCHEMA ${pg.escapeIdentifier(name)} CASCADE`);
    await client.query("CREATE SCHEMA public");
    try {
      await client.query("CREATE EXTENSION IF NOT EXISTS vector");
    } catch (error) {
      throw new Error(
        `pgvector is not available in ${new URL(url).pathname.slice(1)}: ${(error as Error).message}. ` +
          "Install it with scripts/provision-pgvector.sh (or CREATE EXTENSION vector as a superuser).",
      );
    }
  } finally {
    await client.end();
  }

  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
}
