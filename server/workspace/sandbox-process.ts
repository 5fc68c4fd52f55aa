import "server-only";
import { spawn } from "node:child_process";
import { once } from "node:events";
import type { Readable } from "node:stream";
import { childEnv } from "./clean-env";
import type { Invocation } from "./sandbox-plan";

export type CommandResult = {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  timedOut: boolean;
  durationMs: number;
};

type ExecuteOptions = { timeoutMs: number; maxOutputBytes: number; signal?: AbortSignal };

/**
 * Spawns the invocation as the leader of its own process group and kills the whole group on
 * timeout, on abort and when the leader exits, so nothing it started outlives it.
 */
export async function execute(invocation: Invocation, opts: ExecuteOptions): Promise<CommandResult> {
  opts.signal?.throwIfAborted();
  const started = performance.now();
  const child = spawn(invocation.file, invocation.args, {
    cwd: invocation.cwd,
    env: childEnv(invocation.env),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const closed = once(child, "close").catch(() => undefined);
  const stdout = capture(child.stdout, opts.maxOutputBytes);
  const stderr = capture(child.stderr, opts.maxOutputBytes);

  const killGroup = () => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // ESRCH: the group is already gone.
    }
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, opts.timeoutMs);
  const onAbort = () => killGroup();
  opts.signal?.addEventListener("abort", onAbort, { once: true });

  try {
    const [exitCode, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
    killGroup();
    // A process that escaped the group may still hold the pipes open: stop waiting for it.
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise((r) => (grace = setTimeout(r, 500)))]);
    clearTimeout(grace);
    child.stdout.destroy();
    child.stderr.destroy();
    opts.signal?.throwIfAborted();
    return {
      exitCode,
      signal,
      stdout: stdout.text(),
      stderr: stderr.text(),
      truncated: stdout.truncated() || stderr.truncated(),
      timedOut,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onAbort);
  }
}

function capture(stream: Readable, cap: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  // Keep reading past the cap so a chatty command never blocks on a full pipe.
  stream.on("data", (chunk: Buffer) => {
    const room = cap - size;
    if (chunk.length > room) truncated = true;
    if (room > 0) {
      const kept = chunk.subarray(0, room);
      chunks.push(kept);
      size += kept.length;
    }
  });
  return { text: () => Buffer.concat(chunks).toString("utf8"), truncated: () => truncated };
}
