import "server-only";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SOURCES = ["app", "components", "lib", "server", "public", "prisma/schema.prisma", "next.config.ts", "postcss.config.mjs"];
const SKIP = new Set(["node_modules", "generated", ".next"]);

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (!SKIP.has(entry)) newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** `npm start` on a fresh checkout (or after a code change) builds the web app first. */
export function ensureBuild(root: string, log: (msg: string) => void): void {
  const buildId = join(root, ".next/BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changedAt = Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
  if (builtAt > changedAt) return;
  log(builtAt ? "Sources changed since the last build: building the web app…" : "First start: building the web app (about a minute)…");
  const result = spawnSync(process.execPath, [join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("The web app failed to build (see the output above).");
}
