import "server-only";
import { lstat, realpath } from "node:fs/promises";
import { join, sep } from "node:path";
import { AppError } from "@/server/errors";

const refuse = (relPath: string, why: string) =>
  new AppError("FORBIDDEN", `The path "${printable(relPath)}" ${why}`);

/**
 * The one way from a path an agent gave to a path on disk. Symlinks are refused wherever they are,
 * because a command in the sandbox can plant one between two tool calls.
 */
export async function resolveInside(root: string, relPath: string): Promise<string> {
  if (relPath.includes("\0")) throw refuse(relPath, "contains a NUL byte.");
  if (relPath.startsWith("/")) throw refuse(relPath, "is absolute; give a path relative to the workspace.");
  const segments = relPath.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.includes("..")) throw refuse(relPath, 'contains "..", which could leave the workspace.');
  if (segments.some((s) => s.toLowerCase() === ".git")) {
    throw refuse(relPath, "is inside .git; the repository is changed only through commits.");
  }

  const realRoot = await realpath(root);
  let current = realRoot;
  let deepestExisting = realRoot;
  for (const segment of segments) {
    current = join(current, segment);
    const stat = await lstat(current).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT" || err.code === "ENOTDIR") return null;
      throw err;
    });
    if (!stat) break;
    if (stat.isSymbolicLink()) {
      throw refuse(relPath, `goes through a symbolic link (${printable(current.slice(realRoot.length + 1))}); links are not followed.`);
    }
    deepestExisting = current;
  }

  const real = await realpath(deepestExisting);
  if (real !== realRoot && !real.startsWith(realRoot + sep)) throw refuse(relPath, "is outside the workspace.");
  return join(realRoot, ...segments);
}

function printable(path: string): string {
  const clean = path.replace(/[\u0000-\u001f\u007f]/g, "?");
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
