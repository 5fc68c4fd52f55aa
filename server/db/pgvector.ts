import "server-only";
import type pg from "pg";

const HOW_TO_GET_IT = [
  "pgvector is required in server mode. To install it:",
  "  • Debian/Ubuntu with PostgreSQL 15 (no pgvector package on bookworm): run `sudo bash scripts/provision-pgvector.sh`,",
  "    which builds pgvector 0.8 from Debian's trixie source package and runs `make install`.",
  "  • Other systems: install your distribution's postgresql-<major>-pgvector package (e.g. `apt install postgresql-16-pgvector`),",
  "    `brew install pgvector`, or use a Postgres image that ships it (e.g. pgvector/pgvector:pg16).",
  "  • Managed Postgres: enable the `vector` extension in the provider's console.",
  "Then `CREATE EXTENSION vector` must be allowed in this database (run it once as a superuser if your role cannot).",
].join("\n");

/**
 * Makes sure the `vector` extension exists in the database before migrations run, so a missing or
 * forbidden extension fails with instructions instead of a half-applied migration.
 */
export async function ensurePgvector(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ available: boolean; installed: boolean; db: string; superuser: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS available,
            EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') AS installed,
            current_database() AS db,
            (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser`,
  );
  const state = rows[0];
  if (!state || state.installed) return;
  if (!state.available) {
    throw new Error(`The PostgreSQL server has no pgvector extension (CREATE EXTENSION vector is not available).\n${HOW_TO_GET_IT}`);
  }
  try {
    await pool.query("CREATE EXTENSION IF NOT EXISTS vector");
  } catch (error) {
    // Several processes starting at once race on IF NOT EXISTS; losing that race is fine.
    const { rowCount } = await pool.query("SELECT 1 FROM pg_extension WHERE extname = 'vector'");
    if (rowCount) return;
    throw new Error(
      `pgvector is installed on the server but could not be enabled in database "${state.db}": ${(error as Error).message}\n` +
        `Ask a superuser to run: psql -d ${state.db} -c 'CREATE EXTENSION vector'`,
    );
  }
}
