import "server-only";
import { execFile } from "node:child_process";
import { lstat, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { childEnv, safePath } from "./clean-env";

export const AIOS_AUTHOR = { name: "AIOS", email: "aios@localhost" };

// Written at init and restored before every git call: commands in the sandbox may be able to write
// .git where no mount namespace is available, and repository config can name programs git would run.
export const CANONICAL_CONFIG = "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n";

const BASE_ARGS = [
  "-c", `user.name=${AIOS_AUTHOR.name}`,
  "-c", `user.email=${AIOS_AUTHOR.email}`,
  "-c", "commit.gpgsign=false",
  "-c", "core.hooksPath=/dev/null",
  "-c", "core.fsmonitor=false",
  "-c", "core.quotePath=false",
];

type GitOptions = { input?: string; env?: Record<string, string>; maxBuffer?: number };

/** Runs git with argv only (no shell) and an environment without the server's secrets or config. */
export function git(root: string, args: string[], opts: GitOptions = {}): Promise<string> {
  return run("git", ["-C", root, ...BASE_ARGS, ...args], opts, `git ${args[0]} failed in ${root}`);
}

function run(file: string, argv: string[], opts: GitOptions, failure: string): Promise<string> {
  const env = {
    PATH: safePath(),
    HOME: "/nonexistent",
    LANG: "C.UTF-8",
    LC_ALL: "C.UTF-8",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    ...opts.env,
  };
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      argv,
      { env: childEnv(env), maxBuffer: opts.maxBuffer ?? 16 * 1024 * 1024, encoding: "utf8" },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${failure}: ${stderr.trim() || err.message}`, { cause: err }));
        else resolve(stdout);
      },
    );
    // git may exit without reading its input; the exit status reports that, not EPIPE.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(opts.input ?? "");
  });
}

/**
 * Runs a fixed POSIX shell script that calls git several times, in one process spawn: forking the
 * server (a large process) costs far more than git's own work on a workspace, and `sh` forks cheaply.
 * In the script, `g` is git with the same root and settings as `git()`; `args` are its positional
 * parameters ($1…), never spliced into the script.
 */
export function gitScript(root: string, script: string, args: string[], opts: GitOptions = {}): Promise<string> {
  const settings = BASE_ARGS.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
  const program = `set -e\ng() { git -C "$AIOS_GIT_ROOT" ${settings} "$@"; }\n${script}`;
  return run("sh", ["-c", program, "sh", ...args], { ...opts, env: { ...opts.env, AIOS_GIT_ROOT: root } }, `git script failed in ${root}`);
}

/** Puts back what a sandboxed command could have planted in .git to make git run a program. */
export async function guardRepository(root: string): Promise<void> {
  const gitDir = join(root, ".git");
  const stat = await lstat(gitDir);
  if (!stat.isDirectory()) throw new Error(`${gitDir} is not a folder; refusing to run git on it.`);
  const config = join(gitDir, "config");
  const current = await readFile(config, "utf8").catch(() => null);
  if (current !== CANONICAL_CONFIG) {
    await rm(config, { force: true, recursive: true });
    await writeFile(config, CANONICAL_CONFIG, { mode: 0o644 });
  }
  await rm(join(gitDir, "commondir"), { force: true });
}

const g = globalThis as { __aiosWorkspaceLocks?: Map<string, Promise<unknown>> };
const locks = (g.__aiosWorkspaceLocks ??= new Map());

/** Runs git work on one repository one call at a time (git's index lock fails rather than waits). */
export function withRepoLock<T>(workspace: string, work: () => Promise<T>): Promise<T> {
  const root = resolve(workspace);
  const previous = locks.get(root) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  const tail = next.catch(() => undefined);
  locks.set(root, tail);
  void tail.then(() => {
    if (locks.get(root) === tail) locks.delete(root);
  });
  return next;
}
