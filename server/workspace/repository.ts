import "server-only";
import { chmod, chown, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AIOS_AUTHOR, CANONICAL_CONFIG, git, guardRepository, withRepoLock } from "./git-cli";
import { workspaceRoot, workspacesDir } from "./paths";
import { sandboxUser } from "./sandbox-user";

/** Creates the project's workspace (a git repository on `main` with a first commit) unless it exists. */
export async function ensureWorkspace(projectId: string): Promise<string> {
  const root = workspaceRoot(projectId);
  return withRepoLock(root, async () => {
    await mkdir(workspacesDir(), { recursive: true, mode: 0o711 });
    await mkdir(root, { recursive: true, mode: 0o755 });
    await protect(root);

    if (!(await exists(join(root, ".git")))) {
      await git(root, ["init", "-q", "-b", "main"]);
      await writeFile(join(root, ".git", "config"), CANONICAL_CONFIG);
      await writeFile(join(root, ".git", "info", "exclude"), "node_modules/\n");
    }
    await guardRepository(root);
    // Every run starts here: when main's ref is on disk (the usual case) no git process is spawned.
    const hasCommit =
      (await hasMainRef(root)) ||
      (await git(root, ["rev-parse", "--verify", "-q", "HEAD"]).then(
        () => true,
        () => false,
      ));
    if (!hasCommit) {
      await git(root, ["commit", "-q", "--allow-empty", "--no-verify", "-m", "Initialize workspace"], {
        env: { GIT_AUTHOR_NAME: AIOS_AUTHOR.name, GIT_AUTHOR_EMAIL: AIOS_AUTHOR.email },
      });
    }
    return root;
  });
}

// With a sandbox user, the workspace folder stays root's but its group may write; the sticky bit
// keeps that user from renaming or replacing .git (root's), while it owns everything it creates.
async function protect(root: string): Promise<void> {
  const user = sandboxUser(root);
  if (!user) return;
  await chmod(workspacesDir(), 0o711);
  await chown(root, 0, user.gid);
  await chmod(root, 0o1770);
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** HEAD is main and main has a commit, read from the ref files (loose or packed) without spawning git. */
async function hasMainRef(root: string): Promise<boolean> {
  const gitDir = join(root, ".git");
  const head = await readFile(join(gitDir, "HEAD"), "utf8").catch(() => "");
  if (head.trim() !== "ref: refs/heads/main") return false;
  const loose = await readFile(join(gitDir, "refs", "heads", "main"), "utf8").catch(() => "");
  if (/^[0-9a-f]{40,64}\s*$/.test(loose)) return true;
  const packed = await readFile(join(gitDir, "packed-refs"), "utf8").catch(() => "");
  return /^[0-9a-f]{40,64} refs\/heads\/main$/m.test(packed);
}
