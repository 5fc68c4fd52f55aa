import "server-only";
import { constants } from "node:fs";
import { lstat, mkdir, open, realpath, unlink } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { AppError } from "@/server/errors";
import { resolveInside } from "./jail";
import { giveToSandbox } from "./sandbox-user";
import { walkFiles, workspaceBytes } from "./walk";

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_WORKSPACE_BYTES = 50 * 1024 * 1024;
export const MAX_LIST_ENTRIES = 2000;
export const DEFAULT_READ_BYTES = 256 * 1024;

export type FileInfo = { path: string; bytes: number };

/** Files under `rel` (the whole workspace by default), sorted, at most MAX_LIST_ENTRIES. Also the file tree. */
export async function listFiles(root: string, rel = ""): Promise<FileInfo[]> {
  return withFsErrors(rel, async () => {
    const realRoot = await realpath(root);
    const abs = await resolveInside(root, rel);
    const stat = await lstat(abs);
    if (stat.isFile()) return [{ path: toRel(realRoot, abs), bytes: stat.size }];
    if (!stat.isDirectory()) throw new AppError("BAD_REQUEST", `"${rel}" is neither a file nor a folder.`);
    const files = await walkFiles(realRoot, abs, MAX_LIST_ENTRIES);
    return files.map(({ path, bytes }) => ({ path, bytes }));
  });
}

export async function readFile(
  root: string,
  rel: string,
  maxBytes = DEFAULT_READ_BYTES,
): Promise<{ content: string; truncated: boolean; bytes: number }> {
  return withFsErrors(rel, async () => {
    const abs = await resolveInside(root, rel);
    if ((await lstat(abs)).isDirectory()) {
      throw new AppError("BAD_REQUEST", `"${rel}" is a folder; list its files instead of reading it.`);
    }
    const handle = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const { size } = await handle.stat();
      const buffer = Buffer.alloc(Math.min(size, Math.max(0, maxBytes)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      const data = buffer.subarray(0, bytesRead);
      // Git's heuristic: a NUL byte near the start means binary.
      if (data.subarray(0, 8000).includes(0)) {
        throw new AppError("BAD_REQUEST", `"${rel}" looks like a binary file (${formatBytes(size)}); only text files can be read.`);
      }
      return { content: data.toString("utf8"), truncated: size > bytesRead, bytes: size };
    } finally {
      await handle.close();
    }
  });
}

export async function writeFile(root: string, rel: string, content: string): Promise<{ bytes: number }> {
  const bytes = Buffer.byteLength(content, "utf8");
  if (bytes > MAX_FILE_BYTES) {
    throw new AppError(
      "BAD_REQUEST",
      `The content for "${rel}" is ${formatBytes(bytes)}; the limit for one file is ${formatBytes(MAX_FILE_BYTES)}.`,
    );
  }
  return withFsErrors(rel, async () => {
    const realRoot = await realpath(root);
    const abs = await resolveInside(root, rel);
    if (abs === realRoot) throw new AppError("BAD_REQUEST", "Give the path of a file inside the workspace.");
    const existing = await lstat(abs).catch(() => null);
    if (existing?.isDirectory()) throw new AppError("BAD_REQUEST", `"${rel}" is a folder; it cannot be written as a file.`);

    const total = (await workspaceBytes(realRoot)) - (existing?.isFile() ? existing.size : 0) + bytes;
    if (total > MAX_WORKSPACE_BYTES) {
      throw new AppError(
        "BAD_REQUEST",
        `Writing "${rel}" would bring the workspace to ${formatBytes(total)}; the limit is ${formatBytes(MAX_WORKSPACE_BYTES)}.`,
      );
    }

    await makeParents(root, realRoot, abs);
    // O_NOFOLLOW: a link planted after the jail's check is refused instead of followed.
    const handle = await open(abs, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
    try {
      await handle.writeFile(content, "utf8");
    } finally {
      await handle.close();
    }
    if (!existing) await giveToSandbox(root, abs);
    return { bytes };
  });
}

/** Replaces the one occurrence of `find`; zero or several occurrences change nothing. */
export async function patchFile(root: string, rel: string, find: string, replace: string): Promise<{ bytes: number }> {
  if (find === "") throw new AppError("BAD_REQUEST", "The text to find is empty; give the exact text to replace.");
  const current = await readFile(root, rel, MAX_FILE_BYTES);
  if (current.truncated) {
    throw new AppError("BAD_REQUEST", `"${rel}" is ${formatBytes(current.bytes)}; files over ${formatBytes(MAX_FILE_BYTES)} cannot be patched.`);
  }
  const matches = countOccurrences(current.content, find);
  if (matches !== 1) {
    throw new AppError(
      "BAD_REQUEST",
      matches === 0
        ? `The text to find does not occur in "${rel}" (0 matches); nothing was changed.`
        : `The text to find occurs ${matches} times in "${rel}"; include more of the surrounding text so it matches exactly once. Nothing was changed.`,
    );
  }
  const at = current.content.indexOf(find);
  return writeFile(root, rel, current.content.slice(0, at) + replace + current.content.slice(at + find.length));
}

export async function deleteFile(root: string, rel: string): Promise<void> {
  return withFsErrors(rel, async () => {
    const abs = await resolveInside(root, rel);
    if ((await lstat(abs)).isDirectory()) {
      throw new AppError("BAD_REQUEST", `"${rel}" is a folder; delete the files in it instead.`);
    }
    await unlink(abs);
  });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function countOccurrences(text: string, find: string): number {
  let count = 0;
  for (let at = text.indexOf(find); at !== -1; at = text.indexOf(find, at + 1)) count++;
  return count;
}

async function makeParents(root: string, realRoot: string, abs: string): Promise<void> {
  const parts = relative(realRoot, abs).split(sep).slice(0, -1);
  let current = realRoot;
  for (const part of parts) {
    current = join(current, part);
    const created = await mkdir(current, { mode: 0o755 }).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === "EEXIST") return false;
        throw err;
      },
    );
    if (created) await giveToSandbox(root, current);
    else if (!(await lstat(current)).isDirectory()) {
      throw new AppError("BAD_REQUEST", `"${toRel(realRoot, current)}" is a file, so "${toRel(realRoot, abs)}" cannot be created under it.`);
    }
  }
}

const toRel = (realRoot: string, abs: string) => relative(realRoot, abs).split(sep).join("/");

async function withFsErrors<T>(rel: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new AppError("NOT_FOUND", `"${rel}" was not found in the workspace.`);
    if (code === "ENOTDIR") throw new AppError("BAD_REQUEST", `Part of "${rel}" is a file, not a folder.`);
    if (code === "ELOOP") throw new AppError("FORBIDDEN", `The path "${rel}" is a symbolic link; links are not followed.`);
    if (code === "ENAMETOOLONG") throw new AppError("BAD_REQUEST", `The path "${rel}" is too long.`);
    if (code === "EACCES" || code === "EPERM") throw new AppError("FORBIDDEN", `"${rel}" cannot be accessed.`);
    throw err;
  }
}
