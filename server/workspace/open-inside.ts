import "server-only";
import { constants as C, existsSync, type Stats } from "node:fs";
import { lstat, mkdir, open, readlink, realpath, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { AppError } from "@/server/errors";
import { printable, refuse } from "./jail";
import { sandboxUser } from "./sandbox-user";

// Node has no openat(2). "/proc/self/fd/<fd>/<name>" gives the same thing: the kernel starts the lookup
// at the folder the descriptor holds, so each name is resolved in a folder that was itself opened
// without following a link. A command in the sandbox that swaps a folder for a link between two steps
// makes the next step fail (ENOTDIR/ELOOP) instead of leading the server (often root) out of the workspace.
// Every descriptor is also checked against its expected path (readlink of /proc/self/fd/<fd>).

const FOLDER = C.O_RDONLY | C.O_DIRECTORY | C.O_NOFOLLOW;
// O_NONBLOCK: opening a FIFO a command planted must not hang the server; it is refused by fstat after.
const ENTRY = C.O_NOFOLLOW | C.O_NONBLOCK | C.O_NOCTTY;

/** A folder of the workspace held open: `path` is where it really is, `rel` what to call it in messages. */
export type Folder = { handle: FileHandle; path: string; rel: string; root: string };
export type Entry = { handle: FileHandle; stat: Stats; path: string; rel: string };

/** The path of `name` resolved from an open folder, as openat(2) would. */
export const at = (folder: Folder, name: string) => `/proc/self/fd/${folder.handle.fd}/${name}`;

export async function openRoot(root: string): Promise<Folder> {
  if (!hasProcFd()) throw new Error("Reading workspace files safely needs /proc/self/fd (Linux with /proc mounted).");
  const realRoot = await realpath(root);
  const handle = await open(realRoot, FOLDER);
  await expectAt(handle, realRoot, "");
  return { handle, path: realRoot, rel: "", root };
}

/**
 * Opens the folder `segments` below `from`, one name at a time. With `create`, missing folders are made
 * (and handed to the sandbox user, through their descriptor). The caller closes the result.
 */
export async function openFolder(from: Folder, segments: string[], label: string, create = false): Promise<Folder> {
  let current = from;
  try {
    for (const name of segments) {
      const next = await openChildFolder(current, name, label, create);
      if (current !== from) await current.handle.close();
      current = next;
    }
    return current;
  } catch (err) {
    if (current !== from) await current.handle.close();
    throw err;
  }
}

async function openChildFolder(parent: Folder, name: string, label: string, create: boolean): Promise<Folder> {
  const path = join(parent.path, name);
  const rel = parent.rel ? `${parent.rel}/${name}` : name;
  let created = false;
  let handle: FileHandle;
  try {
    handle = await open(at(parent, name), FOLDER);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && create) {
      // Another writer (or a command) may make or swap the same name in between: never follow, never guess.
      created = await mkdir(at(parent, name), { mode: 0o755 }).then(
        () => true,
        (err: NodeJS.ErrnoException) => {
          if (err.code === "EEXIST") return false;
          throw err;
        },
      );
      handle = await open(at(parent, name), FOLDER).catch((again: NodeJS.ErrnoException) => {
        if (again.code === "ENOTDIR" || again.code === "ELOOP" || again.code === "ENOENT") throw changed(rel, label);
        throw again;
      });
    } else if (code === "ENOTDIR" || code === "ELOOP") {
      throw await notAFolder(parent, name, rel, label, create);
    } else {
      throw err;
    }
  }
  try {
    await expectAt(handle, path, label);
    if (created) await handOver(parent.root, handle);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return { handle, path, rel, root: parent.root };
}

/** Opens `name` in `folder` (a file, or a folder when listing) without following a link; `flags` adds the access mode. */
export async function openEntry(folder: Folder, name: string, label: string, flags: number = C.O_RDONLY): Promise<Entry> {
  const path = join(folder.path, name);
  const handle = await open(at(folder, name), flags | ENTRY).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ELOOP") throw refuse(label, "is a symbolic link; links are not followed.");
    if (err.code === "ENXIO") throw new AppError("BAD_REQUEST", `"${printable(label)}" is not a regular file.`);
    throw err;
  });
  try {
    await expectAt(handle, path, label);
    const stat = await handle.stat();
    if (stat.isFile()) assertOwnFile(folder.root, stat, label);
    return { handle, stat, path, rel: folder.rel ? `${folder.rel}/${name}` : name };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** Creates `name` in `folder` for writing (O_EXCL, so never through a link); null when it already exists. */
export async function createEntry(folder: Folder, name: string, label: string): Promise<Entry | null> {
  const path = join(folder.path, name);
  const handle = await open(at(folder, name), C.O_WRONLY | C.O_CREAT | C.O_EXCL | ENTRY, 0o644).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "EEXIST") return null;
    throw err;
  });
  if (!handle) return null;
  try {
    await expectAt(handle, path, label);
    await handOver(folder.root, handle);
    return { handle, stat: await handle.stat(), path, rel: folder.rel ? `${folder.rel}/${name}` : name };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** Hands what the server created to the workspace's sandbox user, so commands can change it. */
export async function handOver(root: string, handle: FileHandle): Promise<void> {
  const user = sandboxUser(root);
  if (!user) return;
  await handle.chown(user.uid, user.gid).catch((err: NodeJS.ErrnoException) => {
    // Filesystems that refuse chown (root-squashed mounts) leave files to root: commands then cannot change them.
    if (err.code !== "EPERM" && err.code !== "EINVAL") throw err;
  });
}

// The descriptor must be where the names led: a folder moved away (or out) while it was walked fails here.
async function expectAt(handle: FileHandle, path: string, label: string): Promise<void> {
  const real = await readlink(`/proc/self/fd/${handle.fd}`);
  if (real !== path) throw refuse(label, "changed while it was being opened (a folder was moved or replaced); it was not used.");
}

// A hard link a command made to a file it does not own (possible where the kernel does not protect
// hard links) would let the server read or write that file: only the workspace's own files are used.
function assertOwnFile(root: string, stat: Stats, label: string): void {
  const user = sandboxUser(root);
  if (user && stat.nlink > 1 && stat.uid !== user.uid) {
    throw refuse(label, "is a hard link to a file the workspace does not own; it is not used.");
  }
}

const changed = (rel: string, label: string) =>
  new AppError("CONFLICT", `The folder "${printable(rel)}" changed while "${printable(label)}" was being written; nothing was written there. Try again.`);

async function notAFolder(parent: Folder, name: string, rel: string, label: string, create: boolean): Promise<AppError> {
  const stat = await lstat(at(parent, name)).catch(() => null);
  if (stat?.isSymbolicLink() || !stat) return refuse(label, `goes through a symbolic link (${printable(rel)}); links are not followed.`);
  return new AppError(
    "BAD_REQUEST",
    `"${printable(rel)}" is a file, not a folder, so "${printable(label)}" cannot be ${create ? "created" : "opened"}.`,
  );
}

const g = globalThis as { __aiosProcFd?: boolean };
const hasProcFd = () => (g.__aiosProcFd ??= existsSync("/proc/self/fd"));
