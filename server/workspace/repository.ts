import "server-only";
import { chmod, chown, mkdir, stat, writeFile } from "node:fs/promises";
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
    const hasCommit = await git(root, ["rev-parse", "--verify", "-q", "HEAD"]).then(
      () => true,
      () => false,
    );
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
