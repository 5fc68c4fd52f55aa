import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// Three projects (see CONTRIBUTING.md "Tests"); `npm test` (scripts/test.ts) runs them one at a time.
const root = fileURLToPath(new URL(".", import.meta.url)).replace(/\/$/, "");
const NEXTAUTH_SECRET = "test-secret-not-for-production-0123456789abcdef";
const TEST_SECRET_KEY = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
const integrationFiles = ["tests/integration/**/*.test.ts", "tests/security/**/*.test.ts", "eval/integration/**/*.test.ts"];

// Integration suites share one database per project: files run one after another in one worker,
// and each test isolates itself by creating its own org.
const integration = (
  name: string,
  env: Record<string, string>,
  globalSetup: string[] = [],
  include = integrationFiles,
): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name,
    include,
    env: { NODE_ENV: "test", NEXTAUTH_SECRET, LOG_LEVEL: "warn", ...env },
    setupFiles: ["tests/setup/integration.ts"],
    globalSetup,
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

const projects: TestProjectInlineConfiguration[] = [
  {
    extends: true,
    test: {
      name: "unit",
      include: ["lib/**/*.test.{ts,tsx}", "server/**/*.test.{ts,tsx}", "eval/*.test.ts", "eval/lib/**/*.test.ts"],
      // Unit tests never touch a database; an empty DATABASE_URL keeps a developer's shell value out.
      env: { NODE_ENV: "test", NEXTAUTH_SECRET, DATABASE_URL: "", AIOS_DATA_DIR: "memory://", LOG_LEVEL: "silent" },
    },
  },
  integration("integration-pglite", { DATABASE_URL: "", AIOS_DATA_DIR: "memory://" }),
];

// The native-Postgres project exists only when a test database is configured (it is reset on every run).
const testDatabaseUrl = process.env.AIOS_TEST_DATABASE_URL?.trim();
if (testDatabaseUrl) {
  projects.push(
    integration(
      "integration-pg",
      // Server mode still keeps files (workspaces) in a data folder; globalSetup empties it with the database.
      // Server mode stores provider keys only under AIOS_SECRET_KEY (a fixed test key, never a real one).
      { DATABASE_URL: testDatabaseUrl, AIOS_DATA_DIR: join(tmpdir(), "aios-integration-pg-data"), AIOS_SECRET_KEY: TEST_SECRET_KEY },
      ["tests/setup/reset-test-database.ts"],
      // Server mode (web and worker processes on one Postgres) exists only here.
      [...integrationFiles, "tests/server-mode/**/*.test.ts"],
    ),
  );
}

// Vitest puts failed and slow files first, so a file cannot run last by its name alone: this keeps that
// order and moves `*.last.test.ts` files (the secrets scan) behind every other file of their project.
class LastFilesSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const projects = [...new Set(sorted.map((f) => f.project.name))];
    const last = (f: TestSpecification) => /\.last\.test\.[cm]?[jt]sx?$/.test(f.moduleId);
    const rank = (f: TestSpecification) => projects.indexOf(f.project.name) * 2 + (last(f) ? 1 : 0);
    return [...sorted].sort((a, b) => rank(a) - rank(b)); // stable: the default order within each group
  }
}

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // Next maps `server-only` to nothing for server bundles; tests are server code too.
      { find: /^server-only$/, replacement: resolve(root, "tests/setup/server-only.ts") },
    ],
  },
  test: {
    projects,
    restoreMocks: true,
    // `*.last.test.ts` (the secrets scan) runs after every other file of its project.
    sequence: { sequencer: LastFilesSequencer },
  },
});
