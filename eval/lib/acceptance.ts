import { execFile } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, lchownSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { sandboxUser } from "@/server/workspace/sandbox-user";
import { SUPPORT_DIR, filesUnder, type SuiteTask } from "./suite";

// Judging a finished project: a fresh `git clone` of its workspace (only what the agents committed)
// in a temp folder, the harness's acceptance tests copied into it, and `node --test` on exactly those
// files through the workspace sandbox (runCommand, same limits as the agents' commands). The agents'
// own tests are never run here, and the agents never see these.

export const ACCEPTANCE_DIR = ".eval-acceptance";
const TIMEOUT_MS = 180_000;

export type Verdict = {
  passed: boolean;
  tests: number;
  failed: number;
  /** Names of failing tests (first few), or why the tests could not run. */
  failures: string[];
  durationMs: number;
};

const run = promisify(execFile);

export async function judge(task: SuiteTask, workspace: string, scratchDir: string): Promise<Verdict> {
  const started = performance.now();
  const fail = (why: string): Verdict => ({ passed: false, tests: 0, failed: 0, failures: [why], durationMs: performance.now() - started });
  mkdirSync(scratchDir, { recursive: true });
  const parent = mkdtempSync(join(scratchDir, `${task.id}-`));
  const checkout = join(parent, "checkout");
  try {
    try {
      await run("git", ["clone", "-q", "--no-hardlinks", workspace, checkout], { env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } });
    } catch (err) {
      return fail(`the workspace could not be checked out: ${firstLine(err)}`);
    }
    rmSync(join(checkout, ACCEPTANCE_DIR), { recursive: true, force: true });
    mkdirSync(join(checkout, ACCEPTANCE_DIR));
    const names: string[] = [];
    for (const file of task.acceptance) {
      copyFileSync(file, join(checkout, ACCEPTANCE_DIR, basename(file)));
      names.push(`${ACCEPTANCE_DIR}/${basename(file)}`);
    }
    for (const rel of filesUnder(SUPPORT_DIR)) copyFileSync(join(SUPPORT_DIR, rel), join(checkout, ACCEPTANCE_DIR, rel));
    handToSandbox(checkout);

    const { runCommand } = await import("@/server/workspace");
    const result = await runCommand(checkout, `node --test --test-reporter=tap ${names.join(" ")}`, { timeoutMs: TIMEOUT_MS, maxOutputBytes: 1024 * 1024 });
    const tap = parseTap(result.stdout);
    if (result.timedOut) return { ...tap, passed: false, failures: [`timed out after ${TIMEOUT_MS / 1000} s`, ...tap.failures], durationMs: performance.now() - started };
    const passed = result.exitCode === 0 && tap.failed === 0 && tap.tests > 0;
    const failures = passed || tap.failures.length ? tap.failures : [`node --test exited ${result.exitCode ?? result.signal}: ${lastLines(result.stderr || result.stdout)}`];
    return { passed, tests: tap.tests, failed: tap.failed, failures, durationMs: performance.now() - started };
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

/**
 * Counts from node:test's TAP output, and each failing test as "name: first line of its error" (a
 * failing suite's own line is skipped when its subtests already explain it).
 */
export function parseTap(stdout: string): { tests: number; failed: number; failures: string[] } {
  const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, "m").exec(stdout)?.[1] ?? 0);
  const lines = stdout.split("\n");
  const failures: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*not ok \d+ - (.+?)(?: # .*)?$/.exec(lines[i]!);
    if (!m) continue;
    let error = "";
    for (let j = i + 1; j < lines.length && !/^\s*\.\.\.\s*$/.test(lines[j]!); j++) {
      const e = /^\s*error: (.*)$/.exec(lines[j]!);
      if (!e) continue;
      const inline = e[1]!.trim();
      error = /^[|>]-?$/.test(inline) ? (lines.slice(j + 1).find((l) => l.trim()) ?? "").trim() : inline.replace(/^'(.*)'$/, "$1").replaceAll("''", "'");
      break;
    }
    if (/^\d+ subtests? failed$/.test(error)) continue;
    const text = error ? `${m[1]!.trim()}: ${error}` : m[1]!.trim();
    failures.push(text.length > 240 ? `${text.slice(0, 239)}…` : text);
  }
  return { tests: count("tests"), failed: count("fail"), failures: failures.slice(0, 12) };
}

// Commands run as the workspace's sandbox user when the server is root: the checkout must be theirs too.
function handToSandbox(dir: string): void {
  const user = sandboxUser(dir);
  if (!user) return;
  const walk = (path: string) => {
    chownSync(path, user.uid, user.gid);
    for (const e of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, e.name);
      if (e.isDirectory()) walk(child);
      // lchown: a committed symlink must not hand its target (anywhere on this machine) to the sandbox user.
      else lchownSync(child, user.uid, user.gid);
    }
  };
  walk(dir);
  chmodSync(dir, 0o755);
}

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split("\n")[0]!;
const lastLines = (text: string) => text.trim().split("\n").slice(-5).join(" / ").slice(0, 400);
