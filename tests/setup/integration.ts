import { afterAll, beforeAll } from "vitest";
import { closeDatabase, prepareDatabase } from "@/server/db";

// Runs around every integration file. The project's env (vitest.config.ts) picked the database:
// in-memory PGlite (a fresh one per file) or the native test database (migrated once, then a no-op).
beforeAll(async () => {
  await prepareDatabase();
});

afterAll(async () => {
  await closeDatabase();
});
