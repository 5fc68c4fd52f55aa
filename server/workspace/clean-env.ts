import "server-only";
import { dirname } from "node:path";

/** PATH for every child process: Node's own folder first, so `node` and `npm` resolve inside the sandbox. */
export function safePath(): string {
  return [...new Set([dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"])].join(":");
}

/** A child's whole environment, built from nothing (Next's typings make NODE_ENV required on ProcessEnv). */
export function childEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return vars as unknown as NodeJS.ProcessEnv;
}
