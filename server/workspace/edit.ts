import "server-only";
import { createHash } from "node:crypto";
import { AppError } from "@/server/errors";
import { commitPaths, validateCommit, type CommitResult } from "./commits";
import { formatBytes, readFile, writeFile } from "./files";
import { git, guardRepository } from "./git-cli";
import { jailSegments, printable } from "./jail";

// A person editing one file in the browser. The editor keeps the version it opened (the git blob id
// of the file's bytes); a save whose version no longer matches is refused, never merged silently.

/** What one file may weigh to be edited in the browser: the save must fit in one request body (1 MiB). */
export const MAX_EDIT_BYTES = 512 * 1024;

export type EditableFile = { path: string; content: string; version: string; bytes: number };
export type SaveEdit = {
  path: string;
  content: string;
  /** The version the editor opened; null for a new file (which must not exist yet). */
  version: string | null;
  message: string;
  authorName: string;
  authorEmail: string;
};

/** The id git gives these bytes as a blob (`git hash-object`), computed without running git. */
export function blobVersion(content: string): string {
  const bytes = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** The file as the editor opens it: whole, text, within the size limit, with its version. */
export async function openForEdit(root: string, rel: string): Promise<EditableFile> {
  const path = jailSegments(rel).join("/");
  const file = await readFile(root, path, MAX_EDIT_BYTES);
  if (file.truncated) throw tooBig(path, file.bytes);
  // A file that is not UTF-8 would be rewritten with replacement characters: refuse rather than damage it.
  if (Buffer.byteLength(file.content, "utf8") !== file.bytes) {
    throw new AppError("BAD_REQUEST", `"${printable(path)}" is not UTF-8 text, so it cannot be edited in the browser without changing it.`);
  }
  return { path, content: file.content, version: blobVersion(file.content), bytes: file.bytes };
}

/**
 * Writes the file if it is still the version the editor opened (or, for a new file, still absent) and
 * commits it alone under the person's name. The caller keeps agents' tool calls out meanwhile.
 */
export async function saveEdit(root: string, edit: SaveEdit): Promise<CommitResult & { path: string; version: string }> {
  const segments = jailSegments(edit.path);
  if (segments.length === 0) throw new AppError("BAD_REQUEST", "Give the file a name.");
  const path = segments.join("/");
  const bytes = Buffer.byteLength(edit.content, "utf8");
  if (bytes > MAX_EDIT_BYTES) throw tooBig(path, bytes);
  // Checked before anything is written: a refused commit must not leave the file changed.
  validateCommit({ message: edit.message, authorName: edit.authorName, authorEmail: edit.authorEmail });

  const current = await openForEdit(root, path).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "NOT_FOUND") return null;
    throw err;
  });
  if (edit.version === null && current) {
    throw new AppError("CONFLICT", `A file named "${printable(path)}" already exists. Open it from the file list to edit it.`);
  }
  if (edit.version !== null && current?.version !== edit.version) {
    throw new AppError("CONFLICT", current ? "This file changed since you opened it. Reload it to see the new version, then make your change again." : `This file changed since you opened it: "${printable(path)}" was deleted or moved.`);
  }
  if (current && current.content === edit.content) throw new AppError("BAD_REQUEST", "Nothing to save: the file is unchanged.");
  await refuseIgnored(root, path);

  await writeFile(root, path, edit.content);
  const commit = await commitPaths(root, [path], { message: edit.message, authorName: edit.authorName, authorEmail: edit.authorEmail });
  // Git saw no change (the file matched the last commit already): there is nothing new to record.
  if (!commit) throw new AppError("BAD_REQUEST", "Nothing to save: the file is the same as in the last commit.");
  return { ...commit, path, version: blobVersion(edit.content) };
}

// An ignored file would be written but never committed: say so before writing anything.
async function refuseIgnored(root: string, path: string): Promise<void> {
  await guardRepository(root);
  // check-ignore refuses literal pathspecs; it reads its argument as a path, not a pattern, anyway.
  const ignored = await git(root, ["check-ignore", "-q", "--", path]).then(
    () => true,
    () => false,
  );
  if (ignored) throw new AppError("BAD_REQUEST", `"${printable(path)}" is ignored by git (see .gitignore), so a change to it could not be committed.`);
}

const tooBig = (path: string, bytes: number) =>
  new AppError(
    "BAD_REQUEST",
    `"${printable(path)}" is ${formatBytes(bytes)}; files up to ${formatBytes(MAX_EDIT_BYTES)} can be edited in the browser. Download the project to change larger files.`,
  );
