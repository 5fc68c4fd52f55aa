import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { buildStaleReason } from "../../tests/helpers/server-process";
import { ROOT } from "../../tests/helpers/process";

export { buildStaleReason };

/**
 * Runs `next build` when .next is missing or older than its inputs (the same check as the e2e helper,
 * a superset of what server.ts checks), so a timed server start never builds. Output goes to stderr.
 * Returns the seconds the build took, or 0 when the build was current.
 */
export function ensureBuild(): number {
  const reason = buildStaleReason();
  if (!reason) return 0;
  console.error(`[bench] next build (${reason})…`);
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(ROOT, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", 2, 2],
  });
  if (result.status !== 0) throw new Error(`next build failed (exit code ${result.status ?? result.signal})`);
  const seconds = (performance.now() - started) / 1000;
  console.error(`[bench] next build done in ${seconds.toFixed(1)} s`);
  return seconds;
}
