import "server-only";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";

const PROJECT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The folder that holds every project's workspace. In-memory test runs use a per-process temp folder. */
export function workspacesDir(): string {
  if (env.AIOS_DATA_DIR !== "memory://") return join(env.dataDir, "workspaces");
  const dir = join(tmpdir(), `aios-workspaces-${process.pid}`);
  // In-memory mode keeps nothing once the process ends, workspaces included.
  const g = globalThis as { __aiosWorkspacesCleanup?: boolean };
  if (!g.__aiosWorkspacesCleanup) {
    g.__aiosWorkspacesCleanup = true;
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return dir;
}

export function workspaceRoot(projectId: string): string {
  if (!PROJECT_ID.test(projectId)) {
    throw new AppError("BAD_REQUEST", `"${projectId.slice(0, 80)}" is not a valid project id for a workspace.`);
  }
  return join(workspacesDir(), projectId);
}
