// Runs `prisma generate` offline. The Prisma CLI insists that a native schema engine file exists
// (it downloads one on first use), but generate never runs it; we point it at a script that
// explains itself if anything does try to run it. Migrations use the WASM engine (scripts/db.ts).
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
if (!existsSync(join(root, "prisma/schema.prisma"))) process.exit(0);

const engineDir = join(root, "node_modules/.cache/aios");
const engine = join(engineDir, "schema-engine-offline");
mkdirSync(engineDir, { recursive: true });
writeFileSync(
  engine,
  "#!/bin/sh\necho 'AIOS uses the WASM schema engine: run npm run db:migrate / db:migration instead.' >&2\nexit 1\n",
);
chmodSync(engine, 0o755);

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = engine;
const result = spawnSync(join(root, "node_modules/.bin/prisma"), ["generate"], {
  cwd: root,
  env,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
