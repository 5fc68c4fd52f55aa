import "server-only";
import { basename, resolve } from "node:path";

// Each workspace gets its own unprivileged uid (derived from its folder name) when the server runs
// as root: the process limit only binds non-root users, and one project's commands can then neither
// write another project's files nor use up its process budget.
const UID_BASE = 1_600_000_000;
const UID_SPAN = 16_777_216;

export type SandboxUser = { uid: number; gid: number };

export function sandboxUser(root: string): SandboxUser | null {
  if (process.getuid?.() !== 0) return null;
  const id = UID_BASE + (fnv1a(basename(resolve(root))) % UID_SPAN);
  return { uid: id, gid: id };
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
