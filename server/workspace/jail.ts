import "server-only";
import { AppError } from "@/server/errors";

export const refuse = (relPath: string, why: string) => new AppError("FORBIDDEN", `The path "${printable(relPath)}" ${why}`);

/**
 * The one way from a path an agent or a person gave to the names the workspace is walked by. It only
 * checks the text: the names are then opened one at a time without following links (open-inside.ts),
 * because a command in the sandbox can swap a folder for a link between any check and any use.
 */
export function jailSegments(relPath: string): string[] {
  if (relPath.includes("\0")) throw refuse(relPath, "contains a NUL byte.");
  if (relPath.startsWith("/")) throw refuse(relPath, "is absolute; give a path relative to the workspace.");
  const segments = relPath.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.includes("..")) throw refuse(relPath, 'contains "..", which could leave the workspace.');
  if (segments.some((s) => s.toLowerCase() === ".git")) {
    throw refuse(relPath, "is inside .git; the repository is changed only through commits.");
  }
  return segments;
}

export function printable(path: string): string {
  const clean = path.replace(/[\u0000-\u001f\u007f]/g, "?");
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
