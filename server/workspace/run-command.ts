import "server-only";
import { realpath } from "node:fs/promises";
import { AppError } from "@/server/errors";
import { sandboxPlan } from "./sandbox-capabilities";
import { buildInvocation } from "./sandbox-plan";
import { execute, type CommandResult } from "./sandbox-process";

export const DEFAULT_TIMEOUT_MS = 60_000;
export const MAX_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;

export type RunCommandOptions = { timeoutMs?: number; maxOutputBytes?: number; signal?: AbortSignal };
export type { CommandResult };

/**
 * Runs `sh -c command` in the workspace with every protection the machine allows (see
 * sandboxCapabilities). Rejects with the signal's reason when aborted.
 */
export async function runCommand(root: string, command: string, opts: RunCommandOptions = {}): Promise<CommandResult> {
  if (!command.trim()) throw new AppError("BAD_REQUEST", "The command is empty.");
  if (command.includes("\0")) throw new AppError("BAD_REQUEST", "The command contains a NUL byte.");
  const timeoutMs = clamp(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS);
  const maxOutputBytes = clamp(opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES, 1, 16 * 1024 * 1024);
  const realRoot = await realpath(root).catch(() => {
    throw new AppError("NOT_FOUND", "The workspace does not exist yet.");
  });
  const invocation = await buildInvocation(await sandboxPlan(), realRoot, command, timeoutMs);
  return execute(invocation, { timeoutMs, maxOutputBytes, signal: opts.signal });
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.floor(value)));
