import { afterAll, beforeAll } from "vitest";
import { closeDatabase, prepareDatabase } from "@/server/db";
import { getBoss, stopQueue } from "@/server/queue";

// Runs around every integration file. The project's env (vitest.config.ts) picked the database:
// in-memory PGlite (a fresh one per file) or the native test database (migrated once, then a no-op).
beforeAll(async () => {
  await prepareDatabase();
  await getBoss(); // as server.ts does at boot: the queue is running before any transaction enqueues
});

afterAll(async () => {
  await stopQueue(); // the queue runs on the database: stop it first
  await closeDatabase();
});
