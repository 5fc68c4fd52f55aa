// Checks server/db end to end against a fresh PGlite data folder and a fresh PostgreSQL database:
// migrate, re-migrate (nothing applied), _prisma_migrations bookkeeping, pgvector round trip,
// append-only triggers, the data-folder lock, and the PGlite transaction behaviour the queue relies on.
//
//   npx tsx --import ./scripts/register.mjs scripts/db-selfcheck.ts [--only pglite|postgres]
//       [--admin-url postgres://postgres@127.0.0.1:5432/postgres] [--keep]
//
// Each target runs in a child process, because the database is chosen once per process from the
// environment (AIOS_DATA_DIR / DATABASE_URL).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    "admin-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
    keep: { type: "boolean", default: false },
    child: { type: "boolean", default: false },
    hold: { type: "boolean", default: false },
  },
});

type Check = { name: string; run: () => Promise<string | void> };

async function runChecks(checks: Check[]): Promise<boolean> {
  let ok = true;
  for (const check of checks) {
    const started = Date.now();
    try {
      const detail = await check.run();
      console.log(`  ✓ ${check.name}${detail ? ` — ${detail}` : ""} (${Date.now() - started} ms)`);
    } catch (error) {
      ok = false;
      console.log(`  ✗ ${check.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return ok;
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function unitVector(hot: number, wobble = 0): number[] {
  const v: number[] = Array.from({ length: 384 }, (_, i) => (i === hot ? 1 : 0));
  v[(hot + 1) % 384] = wobble;
  return v;
}

async function child(): Promise<boolean> {
  const { closeDatabase, db, getPglite, getPgPool, migrationStatus, prepareDatabase } = await import("@/server/db");
  const { connection } = await import("@/server/db/client");
  const { migrateConnection } = await import("@/server/db/prepare");
  const { readMigrationList } = await import("@/server/db/migrations");
  const { searchMemory, upsertMemoryEmbedding } = await import("@/server/db/vector");
  const embedded = getPglite() !== null;
  console.log(`${connection().describe}`);
  const local = (await readMigrationList()).migrationDirectories.map((d) => d.path);

  const checks: Check[] = [
    {
      name: "fresh database reports every migration pending",
      run: async () => {
        const s = await migrationStatus();
        assert(!s.current && s.applied === 0 && s.pending.length === local.length, JSON.stringify(s));
        return `pending: ${s.pending.join(", ")}`;
      },
    },
    {
      name: "prepareDatabase() applies the migrations",
      run: async () => {
        await prepareDatabase();
        const s = await migrationStatus();
        assert(s.current && s.applied === local.length, JSON.stringify(s));
        return `applied ${s.applied}`;
      },
    },
    {
      name: "a second run applies nothing",
      run: async () => {
        await prepareDatabase();
        const applied = await migrateConnection(connection());
        assert(applied.length === 0, `applied again: ${applied.join(", ")}`);
        return "0 applied";
      },
    },
    {
      name: "_prisma_migrations rows match `prisma migrate deploy`",
      run: async () => {
        const rows = await db.$queryRaw<
          { migration_name: string; checksum: string; finished_at: Date | null; logs: string | null; applied_steps_count: number }[]
        >`SELECT migration_name, checksum, finished_at, logs, applied_steps_count FROM _prisma_migrations ORDER BY started_at`;
        assert(rows.length === local.length, `${rows.length} rows for ${local.length} migrations`);
        for (const row of rows) {
          const sql = readFileSync(join("prisma/migrations", row.migration_name, "migration.sql"));
          const sha = createHash("sha256").update(sql).digest("hex");
          assert(row.checksum === sha, `${row.migration_name}: checksum ${row.checksum} != sha256 ${sha}`);
          assert(row.finished_at && row.logs === null && row.applied_steps_count === 1, JSON.stringify(row));
        }
        return "checksum = sha256(migration.sql), finished, 1 step each";
      },
    },
    {
      name: "pgvector: MemoryItem embedding round-trips through searchMemory (cosine)",
      run: async () => {
        const items = await Promise.all(
          [
            { orgId: "org-a", content: "alpha", v: unitVector(0) },
            { orgId: "org-a", content: "alpha-ish", v: unitVector(0, 0.5) },
            { orgId: "org-a", content: "beta", v: unitVector(7) },
            { orgId: "org-b", content: "other org", v: unitVector(0) },
          ].map(async (item) => {
            const row = await db.memoryItem.create({ data: { orgId: item.orgId, kind: "note", content: item.content } });
            await upsertMemoryEmbedding(row.id, item.v);
            return row;
          }),
        );
        const hits = await searchMemory("org-a", unitVector(0), 2);
        assert(hits.length === 2, `got ${hits.length} hits`);
        assert(hits[0]!.id === items[0]!.id && Math.abs(hits[0]!.similarity - 1) < 1e-6, JSON.stringify(hits[0]));
        assert(hits[1]!.id === items[1]!.id && hits[1]!.similarity < 1, JSON.stringify(hits[1]));
        assert(hits.every((h) => h.createdAt instanceof Date), "createdAt is not a Date");
        const replaced = await upsertMemoryEmbedding(items[2]!.id, unitVector(0)).then(() => searchMemory("org-a", unitVector(0), 3));
        assert(replaced.length === 3 && replaced[2]!.id === items[1]!.id, "replacing an embedding did not change the ranking");
        return `top hit "${hits[0]!.content}" similarity ${hits[0]!.similarity.toFixed(3)}, second ${hits[1]!.similarity.toFixed(3)}, other org excluded`;
      },
    },
    {
      name: "pgvector: the HNSW index serves nearest-neighbour queries",
      run: async () => {
        const plan = await db.$transaction(async (tx) => {
          await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
          return tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
            `EXPLAIN SELECT id FROM "MemoryItem" ORDER BY embedding <=> '[${unitVector(0).join(",")}]'::vector LIMIT 5`,
          );
        });
        const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
        assert(text.includes("MemoryItem_embedding_hnsw_idx"), text);
        return "Index Scan using MemoryItem_embedding_hnsw_idx";
      },
    },
    {
      name: "vector input is validated",
      run: async () => {
        const wrongSize = await upsertMemoryEmbedding("x", [1, 2, 3]).then(() => "accepted", (e: Error) => e.message);
        const missing = await upsertMemoryEmbedding("no-such-id", unitVector(1)).then(() => "accepted", (e: Error) => e.message);
        assert(wrongSize.includes("384"), wrongSize);
        assert(missing.includes("does not exist"), missing);
        return "wrong dimension and unknown id refused";
      },
    },
    {
      name: "Event and AuditLog are append-only (UPDATE/DELETE refused, TRUNCATE allowed)",
      run: async () => {
        const event = await db.event.create({ data: { orgId: "org-a", stream: "org:org-a", seq: 1, type: "test", payload: {} } });
        const audit = await db.auditLog.create({ data: { orgId: "org-a", action: "test", outcome: "success" } });
        const refusals = await Promise.all([
          db.event.update({ where: { id: event.id }, data: { type: "changed" } }).then(() => "allowed", (e: Error) => e.message),
          db.event.delete({ where: { id: event.id } }).then(() => "allowed", (e: Error) => e.message),
          db.auditLog.updateMany({ data: { action: "changed" } }).then(() => "allowed", (e: Error) => e.message),
          db.auditLog.deleteMany({ where: { id: audit.id } }).then(() => "allowed", (e: Error) => e.message),
        ]);
        for (const message of refusals) assert(/append-only/.test(message), `not refused: ${message}`);
        await db.$executeRawUnsafe(`TRUNCATE "Event", "AuditLog"`);
        assert((await db.event.count()) === 0, "TRUNCATE did not empty Event");
        return `e.g. "${/UPDATE on "Event"[^.\n]*/.exec(refusals[0]!)?.[0] ?? refusals[0]}"`;
      },
    },
  ];

  if (embedded) {
    const pglite = getPglite()!;
    checks.push(
      {
        name: "PGlite: concurrent interactive transactions serialise (no lost updates)",
        run: async () => {
          await db.eventStream.create({ data: { key: "counter" } });
          const bump = () =>
            db.$transaction(async (tx) => {
              const row = await tx.eventStream.findUniqueOrThrow({ where: { key: "counter" } });
              await sleep(20);
              await tx.eventStream.update({ where: { key: "counter" }, data: { seq: row.seq + 1 } });
            });
          await Promise.all(Array.from({ length: 20 }, bump));
          const { seq } = await db.eventStream.findUniqueOrThrow({ where: { key: "counter" } });
          assert(seq === 20, `expected 20, got ${seq}`);
          return "20 read-modify-write transactions → 20";
        },
      },
      {
        name: "PGlite: a queued transaction fails after maxWait instead of waiting forever",
        run: async () => {
          const long = db.$transaction(async (tx) => {
            await tx.eventStream.findMany();
            await sleep(600);
          });
          const queued = db.$transaction(async (tx) => tx.eventStream.count(), { maxWait: 200 });
          const [a, b] = await Promise.allSettled([long, queued]);
          assert(a.status === "fulfilled" && b.status === "rejected", `${a.status}/${b.status}`);
          assert(/Unable to start a transaction/.test(String(b.reason)), String(b.reason));
          const after = await db.$transaction(async (tx) => tx.eventStream.count(), { maxWait: 1000 });
          return `rejected with "Unable to start a transaction in the given time"; next transaction fine (${after} rows)`;
        },
      },
      {
        name: "PGlite: awaiting a non-transaction query inside an interactive transaction stalls until the tx times out",
        run: async () => {
          const started = Date.now();
          let innerAt = 0;
          const outcome = await db
            .$transaction(
              async (tx) => {
                await tx.eventStream.count();
                await pglite.query("SELECT 1"); // what pg-boss's fromPglite adapter does
                innerAt = Date.now() - started;
              },
              { timeout: 1000 },
            )
            .then(() => "committed", (e: Error) => e.message);
          assert(/expired transaction/.test(outcome), outcome);
          assert(innerAt >= 950, `inner query returned after ${innerAt} ms`);
          return `inner query ran only after the ${innerAt} ms timeout; transaction failed ("expired transaction")`;
        },
      },
      {
        name: "PGlite: pg-boss send({ db: fromPrisma(tx) }) is atomic with the transaction",
        run: async () => {
          const { PgBoss, fromPglite, fromPrisma } = await import("pg-boss");
          const boss = new PgBoss({ backend: "pglite", db: fromPglite(pglite) });
          boss.on("error", () => {});
          await boss.start();
          try {
            await boss.createQueue("selfcheck");
            await boss.send("selfcheck", { warm: true }); // puts the queue in pg-boss's cache outside any tx
            await boss.fetch("selfcheck");
            await db.$transaction(async (tx) => {
              await tx.eventStream.create({ data: { key: "committed" } });
              await boss.send("selfcheck", { n: 1 }, { db: fromPrisma(tx) });
            });
            await db
              .$transaction(async (tx) => {
                await tx.eventStream.create({ data: { key: "rolled-back" } });
                await boss.send("selfcheck", { n: 2 }, { db: fromPrisma(tx) });
                throw new Error("roll back");
              })
              .catch(() => {});
            const jobs = await boss.fetch("selfcheck", { batchSize: 10 });
            const data = jobs.map((j) => JSON.stringify(j.data));
            assert(data.length === 1 && data[0] === '{"n":1}', `jobs: ${data.join(" ")}`);
            return "committed job visible, rolled-back job absent";
          } finally {
            await boss.stop({ graceful: false });
          }
        },
      },
    );
  } else {
    checks.push({
      name: "server mode exposes the shared pg.Pool",
      run: async () => {
        const pool = getPgPool();
        assert(pool && (await pool.query("SELECT 1 AS one")).rows[0].one === 1, "pool unusable");
        return `max ${pool.options.max ?? 10} connections`;
      },
    });
  }

  checks.push({
    name: "closeDatabase() is safe to call twice",
    run: async () => {
      await closeDatabase();
      await closeDatabase();
    },
  });
  return runChecks(checks);
}

function runChild(label: string, env: Record<string, string | undefined>): boolean {
  console.log(`\n== ${label}`);
  const result = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, "--child"], {
    env: { ...process.env, ...env },
    stdio: "inherit",
  });
  return result.status === 0;
}

async function lockCheck(dataDir: string): Promise<boolean> {
  console.log(`\n== data-folder lock (${dataDir})`);
  const { spawn } = await import("node:child_process");
  const env = { ...process.env, AIOS_DATA_DIR: dataDir, DATABASE_URL: "" };
  const proc = spawn(process.execPath, [...process.execArgv, process.argv[1]!, "--hold"], { env, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve) => proc.stdout.on("data", (d: Buffer) => d.toString().includes("holding") && resolve()));
  const second = spawnSync(process.execPath, [...process.execArgv, "scripts/db.ts", "migrate"], { env, encoding: "utf8" });
  proc.kill();
  const refused = second.status !== 0 && /in use by process/.test(second.stderr);
  console.log(refused ? `  ✓ a second process is refused — ${second.stderr.trim().split("\n")[0]}` : `  ✗ second process was not refused: ${second.stdout}${second.stderr}`);
  return refused;
}

async function hold(): Promise<boolean> {
  const { db, prepareDatabase } = await import("@/server/db");
  await prepareDatabase();
  await db.org.count();
  console.log("holding");
  await sleep(15_000);
  return true;
}

async function main(): Promise<boolean> {
  if (values.hold) return hold();
  if (values.child) return child();
  const results: boolean[] = [];
  if (!values.only || values.only === "pglite") {
    const dataDir = mkdtempSync(join(tmpdir(), "aios-selfcheck-"));
    results.push(runChild(`PGlite, fresh data folder ${dataDir}`, { AIOS_DATA_DIR: dataDir, DATABASE_URL: "" }));
    results.push(await lockCheck(dataDir));
    if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
  }
  if (!values.only || values.only === "postgres") {
    const admin = new pg.Client({ connectionString: values["admin-url"] });
    const name = `aios_selfcheck_${process.pid}`;
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(values["admin-url"]!);
    url.pathname = `/${name}`;
    try {
      results.push(runChild(`PostgreSQL, fresh database ${url}`, { DATABASE_URL: url.toString() }));
    } finally {
      if (!values.keep) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
  return results.every(Boolean);
}

const ok = await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  return false;
});
if (!values.child && !values.hold) console.log(ok ? "\nAll checks passed." : "\nSome checks FAILED.");
process.exit(ok ? 0 : 1);
