import "server-only";
import { constants } from "node:fs";
import { lstat, unlink } from "node:fs/promises";
import { AppError } from "@/server/errors";
import { jailSegments } from "./jail";
import { at, createEntry, openEntry, openFolder, openRoot, type Entry, type Folder } from "./open-inside";
import { patchMissText, patchNote } from "./patch-messages";
import { placePatch, type PatchTier } from "./patch-match";
import { walkFiles, workspaceBytes } from "./walk";

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_WORKSPACE_BYTES = 50 * 1024 * 1024;
export const MAX_LIST_ENTRIES = 2000;
export const DEFAULT_READ_BYTES = 256 * 1024;

export type FileInfo = { path: string; bytes: number };

// Every operation opens the path one name at a time from the workspace's root descriptor and then
// uses only the descriptors it opened (open-inside.ts): checking a path and then using it by name
// would let a command in the sandbox swap a folder for a link in between.

/** Files under `rel` (the whole workspace by default), sorted, at most MAX_LIST_ENTRIES. Also the file tree. */
export async function listFiles(root: string, rel = ""): Promise<FileInfo[]> {
  const segments = jailSegments(rel);
  return withFsErrors(rel, async () => {
    if (segments.length === 0) return inRoot(root, (top) => walkFiles(top, MAX_LIST_ENTRIES));
    return inParent(root, rel, segments, false, async (folder, name) => {
      const entry = await openEntry(folder, name, rel);
      try {
        if (entry.stat.isFile()) return [{ path: entry.rel, bytes: entry.stat.size }];
        if (!entry.stat.isDirectory()) throw new AppError("BAD_REQUEST", `"${rel}" is neither a file nor a folder.`);
        return await walkFiles({ handle: entry.handle, path: entry.path, rel: entry.rel, root }, MAX_LIST_ENTRIES);
      } finally {
        await entry.handle.close();
      }
    });
  });
}

export async function readFile(
  root: string,
  rel: string,
  maxBytes = DEFAULT_READ_BYTES,
): Promise<{ content: string; truncated: boolean; bytes: number }> {
  const segments = jailSegments(rel);
  if (segments.length === 0) throw new AppError("BAD_REQUEST", "The workspace is a folder; list its files instead of reading it.");
  return withFsErrors(rel, () =>
    inParent(root, rel, segments, false, async (folder, name) => {
      const entry = await openEntry(folder, name, rel);
      try {
        return await readOpened(entry, rel, maxBytes);
      } finally {
        await entry.handle.close();
      }
    }),
  );
}

/** Reads from the descriptor that was opened and checked, never again by name. */
async function readOpened(entry: Entry, rel: string, maxBytes: number) {
  if (entry.stat.isDirectory()) throw new AppError("BAD_REQUEST", `"${rel}" is a folder; list its files instead of reading it.`);
  if (!entry.stat.isFile()) throw new AppError("BAD_REQUEST", `"${rel}" is not a regular file.`);
  const size = entry.stat.size;
  const buffer = Buffer.alloc(Math.min(size, Math.max(0, maxBytes)));
  const { bytesRead } = await entry.handle.read(buffer, 0, buffer.length, 0);
  const data = buffer.subarray(0, bytesRead);
  // Git's heuristic: a NUL byte near the start means binary.
  if (data.subarray(0, 8000).includes(0)) {
    throw new AppError("BAD_REQUEST", `"${rel}" looks like a binary file (${formatBytes(size)}); only text files can be read.`);
  }
  return { content: data.toString("utf8"), truncated: size > bytesRead, bytes: size };
}

export async function writeFile(root: string, rel: string, content: string): Promise<{ bytes: number }> {
  const bytes = Buffer.byteLength(content, "utf8");
  if (bytes > MAX_FILE_BYTES) {
    throw new AppError(
      "BAD_REQUEST",
      `The content for "${rel}" is ${formatBytes(bytes)}; the limit for one file is ${formatBytes(MAX_FILE_BYTES)}.`,
    );
  }
  const segments = jailSegments(rel);
  if (segments.length === 0) throw new AppError("BAD_REQUEST", "Give the path of a file inside the workspace.");
  return withFsErrors(rel, async () => {
    // The file being replaced is left out of the total, so an overwrite counts the new size only.
    const total = (await workspaceBytes(root, segments.join("/"))) + bytes;
    if (total > MAX_WORKSPACE_BYTES) {
      throw new AppError(
        "BAD_REQUEST",
        `Writing "${rel}" would bring the workspace to ${formatBytes(total)}; the limit is ${formatBytes(MAX_WORKSPACE_BYTES)}.`,
      );
    }
    return inParent(root, rel, segments, true, async (folder, name) => {
      const entry = (await createEntry(folder, name, rel)) ?? (await openExistingForWrite(folder, name, rel));
      try {
        await entry.handle.truncate(0);
        await entry.handle.writeFile(content, "utf8");
      } finally {
        await entry.handle.close();
      }
      return { bytes };
    });
  });
}

async function openExistingForWrite(folder: Folder, name: string, rel: string): Promise<Entry> {
  const entry = await openEntry(folder, name, rel, constants.O_WRONLY).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "EISDIR") throw new AppError("BAD_REQUEST", `"${rel}" is a folder; it cannot be written as a file.`);
    throw err;
  });
  if (!entry.stat.isFile()) {
    await entry.handle.close();
    throw new AppError("BAD_REQUEST", `"${rel}" is not a regular file; it cannot be written.`);
  }
  return entry;
}

/**
 * Replaces the one place `find` matches: exactly, else ignoring whitespace, else the clearly most
 * similar block of lines (patch-match.ts). Several places, or none, change nothing: the error shows the
 * candidate lines or the nearest ones. `note` says how a non-exact match was applied, for the model.
 */
export async function patchFile(root: string, rel: string, find: string, replace: string): Promise<{ bytes: number; tier: PatchTier; note?: string }> {
  if (find === "") throw new AppError("BAD_REQUEST", "The text to find is empty; give the exact text to replace.");
  const current = await readFile(root, rel, MAX_FILE_BYTES);
  if (current.truncated) {
    throw new AppError("BAD_REQUEST", `"${rel}" is ${formatBytes(current.bytes)}; files over ${formatBytes(MAX_FILE_BYTES)} cannot be patched.`);
  }
  const placed = placePatch(current.content, find, replace);
  if ("kind" in placed) throw new AppError("BAD_REQUEST", patchMissText(rel, placed));
  const { bytes } = await writeFile(root, rel, current.content.slice(0, placed.start) + placed.replacement + current.content.slice(placed.end));
  return { bytes, tier: placed.tier, ...(placed.tier === "exact" ? {} : { note: patchNote(placed) }) };
}

export async function deleteFile(root: string, rel: string): Promise<void> {
  const segments = jailSegments(rel);
  if (segments.length === 0) throw new AppError("BAD_REQUEST", "Give the path of a file inside the workspace.");
  const isFolder = () => new AppError("BAD_REQUEST", `"${rel}" is a folder; delete the files in it instead.`);
  return withFsErrors(rel, () =>
    inParent(root, rel, segments, false, async (folder, name) => {
      // unlink never follows the last name, and the folder it acts in is the descriptor, not a path.
      if ((await lstat(at(folder, name))).isDirectory()) throw isFolder();
      await unlink(at(folder, name)).catch((err: NodeJS.ErrnoException) => {
        throw err.code === "EISDIR" ? isFolder() : err;
      });
    }),
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

async function inRoot<T>(root: string, work: (top: Folder) => Promise<T>): Promise<T> {
  const top = await openRoot(root);
  try {
    return await work(top);
  } finally {
    await top.handle.close();
  }
}

/** Opens the folder that holds the last name of `segments` (creating folders when asked) and runs `work` in it. */
function inParent<T>(root: string, rel: string, segments: string[], create: boolean, work: (folder: Folder, name: string) => Promise<T>) {
  return inRoot(root, async (top) => {
    const folder = await openFolder(top, segments.slice(0, -1), rel, create);
    try {
      return await work(folder, segments[segments.length - 1]!);
    } finally {
      if (folder !== top) await folder.handle.close();
    }
  });
}

async function withFsErrors<T>(rel: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new AppError("NOT_FOUND", `"${rel}" was not found in the workspace.`);
    if (code === "ENOTDIR") throw new AppError("BAD_REQUEST", `Part of "${rel}" is a file, not a folder.`);
    if (code === "ELOOP") throw new AppError("FORBIDDEN", `The path "${rel}" is a symbolic link; links are not followed.`);
    if (code === "EEXIST") throw new AppError("CONFLICT", `"${rel}" changed while it was being written; try again.`);
    if (code === "ENAMETOOLONG") throw new AppError("BAD_REQUEST", `The path "${rel}" is too long.`);
    if (code === "EACCES" || code === "EPERM") throw new AppError("FORBIDDEN", `"${rel}" cannot be accessed.`);
    throw err;
  }
}
