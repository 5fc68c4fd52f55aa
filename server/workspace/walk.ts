import "server-only";
import { lstat, readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";

export const SKIPPED_FOLDERS = new Set([".git", "node_modules"]);

export type WalkedFile = { path: string; abs: string; bytes: number; mtime: Date };

/**
 * Plain files under `start`, with paths relative to `realRoot` using "/". Skips .git, node_modules,
 * links and special files; never follows a link. Stops after `limit` files.
 */
export async function walkFiles(realRoot: string, start: string, limit = Infinity): Promise<WalkedFile[]> {
  const found: WalkedFile[] = [];
  const stack = [start];
  while (stack.length > 0 && found.length < limit) {
    const dir = stack.pop()!;
    const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT" || err.code === "ENOTDIR") return [];
      throw err;
    });
    entries.sort((a, b) => compare(a.name, b.name));
    const files = entries.filter((e) => e.isFile()).map((e) => join(dir, e.name));
    const folders = entries.filter((e) => e.isDirectory() && !SKIPPED_FOLDERS.has(e.name));
    for (const folder of folders.reverse()) stack.push(join(dir, folder.name));
    for (const abs of files) {
      if (found.length >= limit) break;
      const stat = await lstat(abs).catch(() => null);
      if (!stat?.isFile()) continue;
      found.push({ path: relative(realRoot, abs).split(sep).join("/"), abs, bytes: stat.size, mtime: stat.mtime });
    }
  }
  return found.sort((a, b) => compare(a.path, b.path));
}

/** What the workspace's own files weigh (the budget that writes are checked against). */
export async function workspaceBytes(realRoot: string): Promise<number> {
  const files = await walkFiles(realRoot, realRoot);
  return files.reduce((sum, f) => sum + f.bytes, 0);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
