import "server-only";
import { lstat, readdir } from "node:fs/promises";
import { AppError } from "@/server/errors";
import { at, openFolder, openRoot, type Folder } from "./open-inside";

export const SKIPPED_FOLDERS = new Set([".git", "node_modules"]);
// Each level holds one descriptor while it is walked; deeper trees are not listed.
const MAX_DEPTH = 64;

/** A plain file met on the walk; `folder` stays open until the walk moves on. */
export type WalkedFile = { path: string; name: string; folder: Folder; bytes: number; mtime: Date };

/**
 * Plain files under `start`, folder by folder in name order, each folder opened from its parent's
 * descriptor without following links (see open-inside.ts). Skips .git, node_modules, links, special
 * files, and folders that were swapped or moved while walked.
 */
export async function* walkTree(start: Folder, depth = 0, skipped: ReadonlySet<string> = SKIPPED_FOLDERS): AsyncGenerator<WalkedFile> {
  const entries = await readdir(`/proc/self/fd/${start.handle.fd}`, { withFileTypes: true }).catch(() => []);
  entries.sort((a, b) => compare(a.name, b.name));
  for (const entry of entries) {
    const path = start.rel ? `${start.rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (skipped.has(entry.name) || depth + 1 >= MAX_DEPTH) continue;
      const child = await openFolder(start, [entry.name], path).catch(skipRace);
      if (!child) continue;
      try {
        yield* walkTree(child, depth + 1, skipped);
      } finally {
        await child.handle.close();
      }
    } else if (entry.isFile()) {
      const stat = await lstat(at(start, entry.name)).catch(() => null);
      if (stat?.isFile()) yield { path, name: entry.name, folder: start, bytes: stat.size, mtime: stat.mtime };
    }
  }
}

/** Plain files under `start` (see walkTree) sorted by path, at most `limit`. */
export async function walkFiles(start: Folder, limit = Infinity): Promise<Array<{ path: string; bytes: number }>> {
  const found: Array<{ path: string; bytes: number }> = [];
  if (limit <= 0) return found;
  for await (const file of walkTree(start)) {
    found.push({ path: file.path, bytes: file.bytes });
    if (found.length >= limit) break;
  }
  return found.sort((a, b) => compare(a.path, b.path));
}

/** What the workspace's own files weigh (the budget that writes are checked against), leaving out `except`. */
export async function workspaceBytes(root: string, except?: string, skipped: ReadonlySet<string> = SKIPPED_FOLDERS): Promise<number> {
  const folder = await openRoot(root);
  try {
    let sum = 0;
    for await (const file of walkTree(folder, 0, skipped)) if (file.path !== except) sum += file.bytes;
    return sum;
  } finally {
    await folder.handle.close();
  }
}

// A folder that vanished, became a file or a link, or moved while walked is left out, not an error.
function skipRace(err: unknown): null {
  if (err instanceof AppError) return null;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP" || code === "EACCES") return null;
  throw err;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
