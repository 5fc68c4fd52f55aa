import "server-only";
import { readFile, realpath } from "node:fs/promises";
import { zipSync, type Zippable } from "fflate";
import { AppError } from "@/server/errors";
import { MAX_WORKSPACE_BYTES, formatBytes } from "./files";
import { walkFiles } from "./walk";

/** A zip of the working tree without .git and node_modules (links and special files are left out). */
export async function zipWorkspace(root: string): Promise<Buffer> {
  const realRoot = await realpath(root);
  const files = await walkFiles(realRoot, realRoot);
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  // Commands can grow the tree past what writes allow; the zip is built in memory, so cap it.
  if (total > 4 * MAX_WORKSPACE_BYTES) {
    throw new AppError("BAD_REQUEST", `The workspace holds ${formatBytes(total)}, too much to download as one zip.`);
  }
  const entries: Zippable = {};
  for (const file of files) {
    const data = await readFile(file.abs).catch(() => null);
    if (data) entries[file.path] = [new Uint8Array(data.buffer, data.byteOffset, data.byteLength), { mtime: file.mtime }];
  }
  return Buffer.from(zipSync(entries, { level: 6 }));
}
