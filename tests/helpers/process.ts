// Child-process helpers shared by the tests and the benchmarks.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");

/** A free TCP port on loopback (bound, read, released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Runs a TypeScript entry the way `npm start` does (`tsx` + the `server-only` mapping), minus the
 * tsx CLI wrapper process, as the leader of its own process group (so terminate() reaches its children).
 */
export function spawnTs(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/register.mjs", script, ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves true when the child exits within `ms`, false otherwise. */
export function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** SIGTERM to the child's process group, SIGKILL after `graceMs`. */
export async function terminate(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (hasExited(child)) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      child.kill(signal);
    }
  };
  signalGroup("SIGTERM");
  if (!(await waitForExit(child, graceMs))) {
    signalGroup("SIGKILL");
    await waitForExit(child, 5_000);
  }
}

/** Keeps the last `max` lines a child printed (for error messages). */
export function tailCollector(max = 200) {
  const lines: string[] = [];
  return {
    push(chunk: Buffer | string) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      if (lines.length > max) lines.splice(0, lines.length - max);
    },
    text: () => lines.join("\n"),
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
