import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// AIOS booted in this process the way `npm start` runs it embedded (as bench/agents-run.ts does in its
// "embedded" mode): PGlite in a temp data dir, the queue, startJobWorkers(). server/env.ts parses
// process.env at its first import, so the environment is set before any server module loads.

export type ModelChoice = { provider: string; model: string; apiKey: string | null } | null;

const SECRET = "eval-secret-not-for-production-0123456789abcdef";

/** Sets the environment for an eval process; returns the temp data dir. Call before importing server code. */
export function setEvalEnv(choice: ModelChoice): string {
  const dataDir = mkdtempSync(join(tmpdir(), "aios-eval-"));
  const compatible = choice ? `compatible:${choice.model}` : "";
  Object.assign(process.env, {
    NODE_ENV: "production",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    NEXTAUTH_SECRET: SECRET,
    AIOS_DATA_DIR: dataDir,
    DATABASE_URL: "",
    AIOS_OFFLINE_MODEL_DELAY_MS: "0",
    // Only what the command line asks for: a developer's shell keys never pay for an eval by accident.
    OPENAI_API_KEY: "",
    OPENAI_BASE_URL: "",
    ANTHROPIC_API_KEY: "",
    ANTHROPIC_BASE_URL: "",
    AIOS_OPENAI_COMPATIBLE_URL: choice?.provider ?? "",
    AIOS_OPENAI_COMPATIBLE_API_KEY: choice?.apiKey ?? "",
    AIOS_OPENAI_COMPATIBLE_NAME: choice ? "Eval endpoint" : "",
    AIOS_MODEL_FAST: compatible,
    AIOS_MODEL_STANDARD: compatible,
    AIOS_MODEL_DEEP: compatible,
  });
  return dataDir;
}

export type Platform = Awaited<ReturnType<typeof bootPlatform>>;

export async function bootPlatform(dataDir: string) {
  const { db, prepareDatabase, closeDatabase } = await import("@/server/db");
  const { getBoss, stopQueue } = await import("@/server/queue");
  const { ensureDefaultAgents } = await import("@/server/agents/registry");
  const { startJobWorkers, stopJobWorkers } = await import("@/server/worker");
  const { modelStatus } = await import("@/server/llm");

  await prepareDatabase();
  await getBoss(); // as server.ts does at boot: the queue runs before any transaction enqueues
  await startJobWorkers();
  let orgs = 0;

  return {
    dataDir,
    /** Which model each tier resolved to (for the report's header). */
    models: () => modelStatus(),
    /** A fresh org with an owner and the default team: each task run is measured by its own org. */
    async newOrg(label: string) {
      const n = ++orgs;
      const user = await db.user.create({ data: { email: `eval-${n}@example.test`, name: "Eval owner" } });
      const slug = `eval-${n}-${label}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-").slice(0, 48);
      const org = await db.org.create({ data: { name: `Eval ${label} #${n}`, slug } });
      await db.membership.create({ data: { orgId: org.id, userId: user.id, role: "owner" } });
      await ensureDefaultAgents(org.id);
      return { orgId: org.id, userId: user.id, name: "Eval owner" };
    },
    async close() {
      stopJobWorkers();
      await stopQueue();
      await closeDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Who = Awaited<ReturnType<Platform["newOrg"]>>;
