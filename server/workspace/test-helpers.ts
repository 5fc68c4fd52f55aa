import "server-only";
import { randomBytes } from "node:crypto";
import { rm, rmdir } from "node:fs/promises";
import { workspacesDir } from "./paths";
import { ensureWorkspace } from "./repository";

/** A fresh workspace for one test, and a way to remove every one a file created. */
export function workspaces() {
  const created: string[] = [];
  return {
    async create(): Promise<string> {
      const root = await ensureWorkspace(`test-${randomBytes(6).toString("hex")}`);
      created.push(root);
      return root;
    },
    async cleanup(): Promise<void> {
      await Promise.all(created.map((root) => rm(root, { recursive: true, force: true })));
      // Test workers are often killed rather than exit, so the per-process folder goes here too when empty.
      await rmdir(workspacesDir()).catch(() => undefined);
    },
  };
}
