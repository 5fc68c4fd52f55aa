// Database CLI: `npm run db:migrate`, `npm run db:migration -- --name <name>`, `tsx … scripts/db.ts reset --force`.
import { parseArgs } from "node:util";
import { closeDatabase, migrationStatus } from "@/server/db";
import { connection } from "@/server/db/client";
import { createMigration, normaliseMigrationName } from "@/server/db/create-migration";
import { migrateConnection, resetConnection, resolveRolledBack } from "@/server/db/prepare";

const USAGE = `Usage:
  npm run db:migrate                        apply pending migrations to the configured database
  npm run db:migration -- --name <name>     create prisma/migrations/<timestamp>_<name> from schema changes
  tsx --import ./scripts/register.mjs scripts/db.ts reset --force
                                            drop everything in the configured database and migrate again
  tsx --import ./scripts/register.mjs scripts/db.ts status
                                            list pending migrations
  tsx --import ./scripts/register.mjs scripts/db.ts resolve --rolled-back <migration>
                                            after a failed migration (each one runs as a single transaction,
                                            so it left no changes): fix its migration.sql, run this, migrate again
The database is DATABASE_URL (PostgreSQL) when set, otherwise PGlite in AIOS_DATA_DIR (default .aios).`;

class UsageError extends Error {}

function listed(names: string[]): string {
  return names.map((n) => `  ${n}`).join("\n");
}

async function migrate(): Promise<void> {
  const conn = connection();
  console.log(`Migrating ${conn.describe}`);
  const applied = await migrateConnection(conn);
  console.log(applied.length ? `Applied ${applied.length} migration(s):\n${listed(applied)}` : "No pending migrations.");
}

async function migration(name: string | undefined): Promise<void> {
  if (!name) throw new UsageError("Missing --name: npm run db:migration -- --name add_something");
  if (!normaliseMigrationName(name)) throw new UsageError(`"${name}" is not a usable name: use letters, digits and underscores.`);
  const created = await createMigration(name);
  if (!created) {
    console.log("Nothing to do: prisma/schema.prisma matches the migrations. No migration created.");
    return;
  }
  console.log(`Created ${created.path}/migration.sql\nReview it, then apply it with: npm run db:migrate`);
  const warnings = /^\/\*[\s\S]*?\*\//.exec(created.script);
  if (warnings) console.log(`\nThe engine warns:\n${warnings[0]}`);
}

async function reset(force: boolean): Promise<void> {
  const conn = connection();
  if (!force) throw new UsageError(`reset drops all data in ${conn.describe}. Run it again with --force.`);
  console.log(`Resetting ${conn.describe}`);
  const applied = await resetConnection(conn);
  console.log(`Dropped everything and applied ${applied.length} migration(s).`);
}

async function resolve(migrationName: string | undefined): Promise<void> {
  if (!migrationName) throw new UsageError("Missing --rolled-back <migration>: the folder name of the failed migration.");
  await resolveRolledBack(connection(), migrationName);
  console.log(`Marked ${migrationName} as rolled back. Fix it if needed, then run: npm run db:migrate`);
}

async function status(): Promise<void> {
  const s = await migrationStatus();
  console.log(`${connection().describe}: ${s.applied} applied, ${s.pending.length} pending`);
  if (s.pending.length) console.log(listed(s.pending));
  if (!s.current) process.exitCode = 2;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        name: { type: "string" },
        force: { type: "boolean" },
        "rolled-back": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { positionals, values } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  if (rest.length) throw new UsageError(`Unexpected argument(s): ${rest.join(" ")}`);
  switch (command) {
    case "migrate":
      return migrate();
    case "migration":
      return migration(values.name);
    case "reset":
      return reset(values.force === true);
    case "status":
      return status();
    case "resolve":
      return resolve(values["rolled-back"]);
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

try {
  await main();
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(error instanceof UsageError ? `${message}\n\n${USAGE}` : `Error: ${message}`);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
