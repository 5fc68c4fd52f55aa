import "server-only";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppError } from "@/server/errors";
import { git, gitScript, guardRepository, withRepoLock } from "./git-cli";

const KEY_TRAILER = "Aios-Idempotency-Key";
const MAX_DIFF_CHARS = 1024 * 1024;

export type CommitInput = { message: string; authorName: string; authorEmail: string; idempotencyKey?: string };
export type CommitResult = { sha: string; files: string[] };
export type HistoryEntry = { sha: string; message: string; authorName: string; authorEmail: string; date: string; files: string[] };

/**
 * Commits every change in the working tree; null when nothing changed. With an idempotency key, a
 * commit that already carries it is returned instead, so a run repeated after a crash commits once.
 */
export async function commitAll(root: string, input: CommitInput): Promise<CommitResult | null> {
  const { message, authorName, authorEmail, idempotencyKey: key } = validateCommit(input);
  return withRepoLock(root, async () => {
    await guardRepository(root);
    // One spawn for the whole commit (see gitScript); the first line says what happened, the changed
    // files follow NUL-separated.
    const out = await gitScript(root, COMMIT_SCRIPT, [key ?? "", `${KEY_TRAILER}: ${key ?? ""}`], {
      input: message,
      env: { GIT_AUTHOR_NAME: authorName, GIT_AUTHOR_EMAIL: authorEmail },
    });
    const newline = out.indexOf("\n");
    const [outcome, sha = ""] = out.slice(0, newline).split(" ");
    if (outcome === "none") return null;
    if ((outcome !== "found" && outcome !== "committed") || !/^[0-9a-f]{40,64}$/.test(sha)) throw new Error(`git commit in ${root} answered "${out.slice(0, 200)}"`);
    return { sha, files: splitZ(out.slice(newline + 1)) };
  });
}

// $1: the idempotency key ("" for none); $2: its trailer line. A key is letters, digits and ._:@/-
// (validateCommit), so it is literal for --grep -F and for awk -v. With a key, a commit that already
// carries it (a run repeated after a crash) is the answer; otherwise every change is staged and
// committed, with the message from stdin. Prints "found <sha>", "none" or "committed <sha>", a
// newline, then the commit's files NUL-separated.
const COMMIT_SCRIPT = `
if [ -n "$1" ]; then
  log=$(g log -F --grep="$1" --format='%H%x1f%(trailers:key=${KEY_TRAILER},valueonly,separator=%x1f)' HEAD)
  earlier=$(printf '%s\\n' "$log" | awk -F '\\037' -v key="$1" '{ for (i = 2; i <= NF; i++) { v = $i; gsub(/^[ \\t]+|[ \\t]+$/, "", v); if (v == key) { print $1; exit } } }')
  if [ -n "$earlier" ]; then
    printf 'found %s\\n' "$earlier"
    g diff-tree --no-commit-id --name-only -r -z --no-renames --root "$earlier"
    exit 0
  fi
fi
g add -A
if g diff --cached --quiet --no-renames; then
  printf 'none\\n'
  exit 0
fi
if [ -n "$1" ]; then g commit -q --no-verify -F - --trailer "$2"; else g commit -q --no-verify -F -; fi
printf 'committed %s\\n' "$(g rev-parse HEAD)"
g diff-tree --no-commit-id --name-only -r -z --no-renames --root HEAD
`;

/**
 * Commits only `paths` (a person's edit), leaving every other change in the working tree as it is: an
 * agent's unfinished work is never swept into someone else's commit. Pathspecs are literal.
 */
export async function commitPaths(root: string, paths: string[], input: Omit<CommitInput, "idempotencyKey">): Promise<CommitResult | null> {
  const { message, authorName, authorEmail } = validateCommit(input);
  const env = { GIT_LITERAL_PATHSPECS: "1" };
  return withRepoLock(root, async () => {
    await guardRepository(root);
    await git(root, ["add", "-A", "--", ...paths], { env });
    const files = splitZ(await git(root, ["diff", "--cached", "--name-only", "-z", "--no-renames", "--", ...paths], { env }));
    if (files.length === 0) return null;
    await git(root, ["commit", "-q", "--no-verify", "--only", "-F", "-", "--", ...paths], {
      input: message,
      env: { ...env, GIT_AUTHOR_NAME: authorName, GIT_AUTHOR_EMAIL: authorEmail },
    });
    return { sha: (await git(root, ["rev-parse", "HEAD"])).trim(), files };
  });
}

/** The unified diff of one commit (against its parent, or everything for the first commit). */
export async function commitDiff(root: string, sha: string): Promise<string> {
  if (!/^[0-9a-f]{4,64}$/i.test(sha)) throw new AppError("BAD_REQUEST", `"${sha.slice(0, 80)}" is not a commit id.`);
  await guardRepository(root);
  const full = await git(root, ["rev-parse", "--verify", "-q", `${sha}^{commit}`]).catch(() => {
    throw new AppError("NOT_FOUND", `Commit ${sha} was not found in the workspace.`);
  });
  const diff = await git(root, ["show", "--format=", "--patch", "--no-color", "--no-ext-diff", "--no-textconv", full.trim()], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return capDiff(diff);
}

/** Uncommitted changes, new files included, without touching the real index. */
export async function workingDiff(root: string): Promise<string> {
  await guardRepository(root);
  const scratch = await mkdtemp(join(tmpdir(), "aios-index-"));
  const index = join(scratch, "index");
  try {
    await copyFile(join(root, ".git", "index"), index).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
    const env = { GIT_INDEX_FILE: index };
    await git(root, ["add", "-A"], { env });
    const diff = await git(root, ["diff", "--cached", "--no-color", "--no-ext-diff", "--no-textconv"], {
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return capDiff(diff);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export async function history(root: string, limit = 50): Promise<HistoryEntry[]> {
  await guardRepository(root);
  const n = Math.max(1, Math.min(1000, Math.floor(limit)));
  const out = await git(root, ["log", `-n${n}`, "-z", "--name-only", "--no-renames", "--format=%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%B%x1f"]);
  return out
    .split("\x1e")
    .filter((record) => record.includes("\x1f"))
    .map((record) => {
      const [sha = "", authorName = "", authorEmail = "", date = "", body = "", names = ""] = record.split("\x1f");
      return { sha, authorName, authorEmail, date, message: stripKeyTrailer(body), files: splitZ(names) };
    });
}

/** The commit's message and author, cleaned; a sentence for what is not valid. */
export function validateCommit(input: CommitInput): CommitInput {
  // A message must not smuggle in another run's key: strip any trailer line of ours.
  const message = stripKeyTrailer(input.message.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ""));
  if (!message) throw new AppError("BAD_REQUEST", "A commit needs a message.");
  const person = /^[^<>\n\r\0]{1,200}$/;
  if (!person.test(input.authorName.trim())) throw new AppError("BAD_REQUEST", "The commit author's name is not valid.");
  if (!/^[^<>\s\0]{1,200}$/.test(input.authorEmail)) throw new AppError("BAD_REQUEST", "The commit author's email is not valid.");
  const key = input.idempotencyKey;
  if (key !== undefined && !/^[A-Za-z0-9._:@/-]{1,200}$/.test(key)) {
    throw new AppError("BAD_REQUEST", "An idempotency key may use letters, digits and . _ : @ / - (at most 200).");
  }
  return { message, authorName: input.authorName.trim(), authorEmail: input.authorEmail, idempotencyKey: key };
}

function stripKeyTrailer(message: string): string {
  return message
    .split("\n")
    .filter((line) => !line.toLowerCase().startsWith(`${KEY_TRAILER.toLowerCase()}:`))
    .join("\n")
    .trim();
}

function capDiff(diff: string): string {
  if (diff.length <= MAX_DIFF_CHARS) return diff;
  return `${diff.slice(0, MAX_DIFF_CHARS)}\n[diff truncated: ${diff.length} characters in total]\n`;
}

const splitZ = (out: string) =>
  out
    .split("\0")
    .map((name) => name.replace(/^\n/, ""))
    .filter(Boolean);
