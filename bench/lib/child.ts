import { createInterface } from "node:readline";
import { hasExited, spawnTs, terminate, waitForExit } from "../../tests/helpers/process";

/** A child benchmark prints its result as one line with this prefix; everything else is log output. */
export const RESULT_MARKER = "@@bench-result ";

export function emitChildResult(result: unknown): void {
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

export type ChildRun<T> = {
  result: T;
  /** False when the child did not exit on its own after reporting (a leaked handle) and had to be killed. */
  exitedByItself: boolean;
};

/**
 * Runs `script` as a child process with its own environment (server/env.ts parses process.env
 * once per process, so each database mode gets a process) and returns the JSON it reported.
 * The child's log lines go to our stderr so stdout keeps only the result tables.
 */
export async function runChildJson<T>(
  label: string,
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  { timeoutMs, exitGraceMs = 15_000 }: { timeoutMs: number; exitGraceMs?: number },
): Promise<ChildRun<T>> {
  const child = spawnTs(script, args, env);
  let result: T | undefined;
  const gotResult = new Promise<void>((resolve) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.startsWith(RESULT_MARKER)) {
        result = JSON.parse(line.slice(RESULT_MARKER.length)) as T;
        resolve();
      } else if (line.trim()) process.stderr.write(`[${label}] ${line}\n`);
    });
  });
  createInterface({ input: child.stderr! }).on("line", (line) => process.stderr.write(`[${label}] ${line}\n`));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
  const first = await Promise.race([gotResult.then(() => "result" as const), exited.then(() => "exit" as const), timedOut]);
  clearTimeout(timer);
  if (first === "timeout") {
    await terminate(child);
    throw new Error(`${label}: no result within ${timeoutMs / 1000} s (killed)`);
  }
  if (first === "exit") await new Promise((r) => setImmediate(r)); // let the last stdout line through
  if (result === undefined) {
    throw new Error(`${label}: exited (code ${child.exitCode ?? child.signalCode}) without a result`);
  }
  const exitedByItself = await waitForExit(child, exitGraceMs);
  if (!exitedByItself) {
    process.stderr.write(`[${label}] did not exit ${exitGraceMs / 1000} s after reporting: killing it (open handles?)\n`);
    await terminate(child);
  } else if (child.exitCode !== 0 && hasExited(child)) {
    process.stderr.write(`[${label}] exited with code ${child.exitCode ?? child.signalCode}\n`);
  }
  return { result, exitedByItself };
}
