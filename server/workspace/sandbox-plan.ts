import "server-only";
import { realpath, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, sep } from "node:path";
import { env } from "@/server/env";
import { safePath } from "./clean-env";
import { workspacesDir } from "./paths";
import { sandboxUser } from "./sandbox-user";

export const LIMITS = {
  // Address space, not resident memory: V8 reserves ~10 GiB of it for each WebAssembly memory (Node's
  // fetch uses one), so a lower cap breaks ordinary Node programs while 16 GiB still stops runaways.
  addressSpaceBytes: 16 * 1024 * 1024 * 1024,
  processes: 256,
  fileBytes: 50 * 1024 * 1024,
  tmpfs: "512m",
};

/** What the machine allowed when probed (see sandbox-capabilities.ts). */
export type SandboxPlan = {
  namespaces: "full" | "network" | "none";
  userNamespace: boolean;
  dropToSandboxUser: boolean;
  tools: { unshare: string | null; setpriv: string | null; prlimit: string | null };
};

export type Invocation = { file: string; args: string[]; env: Record<string, string>; cwd: string };

// Runs as PID 1 of fresh mount, network and PID namespaces, before the command. It hides the data
// folder, the app folder, home and every other workspace behind empty read-only tmpfs mounts, gives
// the command a private /tmp, re-exposes only this workspace (through a descriptor opened before the
// hiding), and makes .git read-only. Any failing step stops the command from running at all.
const PRELUDE = `set -eu
umask 022
ws=$1 keep=$2 n=$3
shift 3
exec 3<"$ws"
if [ -n "$keep" ]; then exec 4<"$keep"; fi
reveal() {
  case "$ws/" in "$1"/*) mkdir -p "$ws"; mount -c --bind /proc/self/fd/3 "$ws";; esac
  if [ -n "$keep" ]; then
    case "$keep/" in "$1"/*) mkdir -p "$keep"; mount -c --bind /proc/self/fd/4 "$keep"; mount -c -o remount,bind,ro "$keep";; esac
  fi
}
mount -t tmpfs -o mode=1777,size=${LIMITS.tmpfs},nosuid,nodev aios-tmp /tmp
reveal /tmp
if [ -d /dev/shm ]; then mount -t tmpfs -o mode=1777,size=64m,nosuid,nodev aios-shm /dev/shm; fi
while [ "$n" -gt 0 ]; do
  mount -t tmpfs -o mode=755,size=1m,nosuid,nodev aios-hidden "$1"
  reveal "$1"
  mount -c -o remount,bind,ro,nosuid,nodev "$1"
  shift
  n=$((n - 1))
done
exec 3<&- 4<&-
# The namespace's own loopback: tests can start a server on 127.0.0.1; nothing outside is reachable.
if command -v ip >/dev/null 2>&1; then ip link set lo up 2>/dev/null || true; fi
cd "$ws"
if [ -d .git ]; then mount -c --bind .git .git; mount -c -o remount,bind,ro .git; fi
"$@"
`;

export async function buildInvocation(
  plan: SandboxPlan,
  realRoot: string,
  command: string,
  timeoutMs: number,
): Promise<Invocation> {
  const { unshare, setpriv, prlimit } = plan.tools;
  const user = plan.dropToSandboxUser ? sandboxUser(realRoot) : null;
  const drop =
    setpriv && (user || plan.userNamespace)
      ? [
          setpriv,
          ...(user ? [`--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups"] : []),
          "--inh-caps=-all",
          "--bounding-set=-all",
          "--no-new-privs",
          "--",
        ]
      : [];
  // RLIMIT_NPROC counts every process of the real uid and does not bind root: it is applied only
  // when commands run under a uid of their own (sandbox user or a user namespace).
  const processLimit = user !== null || plan.userNamespace;
  const limits = prlimit
    ? [
        prlimit,
        `--cpu=${Math.ceil(timeoutMs / 1000) + 5}`,
        `--as=${LIMITS.addressSpaceBytes}`,
        `--fsize=${LIMITS.fileBytes}`,
        "--core=0",
        ...(processLimit ? [`--nproc=${LIMITS.processes}`] : []),
        "--",
      ]
    : [];
  const inner = [...drop, ...limits, "/bin/sh", "-c", command];

  let argv = inner;
  if (unshare && plan.namespaces !== "none") {
    const flags = [...(plan.userNamespace ? ["-r"] : []), "-n"];
    if (plan.namespaces === "full") {
      const { hidden, keep } = await hiddenPaths();
      flags.push("-m", "-p", "--fork", "--kill-child", "--mount-proc");
      argv = [unshare, ...flags, "--", "/bin/sh", "-c", PRELUDE, "aios-sandbox", realRoot, keep, String(hidden.length), ...hidden, ...inner];
    } else {
      argv = [unshare, ...flags, "--", ...inner];
    }
  }
  const [file, ...args] = argv as [string, ...string[]];
  return { file, args, env: sandboxEnv(realRoot), cwd: realRoot };
}

/** Built from nothing: the server's environment (database URL, secrets, provider keys) never reaches a command. */
export function sandboxEnv(realRoot: string): Record<string, string> {
  return {
    PATH: safePath(),
    HOME: realRoot,
    LANG: "C.UTF-8",
    CI: "1",
    NODE_ENV: "test",
    TMPDIR: "/tmp",
    // Caches and logs go to /tmp, or npm would write .npm/_logs into the workspace and into commits.
    npm_config_cache: "/tmp/.npm",
    npm_config_update_notifier: "false",
    XDG_CACHE_HOME: "/tmp/.cache",
    // Lets read-only git commands work in a workspace owned by another uid.
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "safe.directory",
    GIT_CONFIG_VALUE_0: realRoot,
  };
}

async function hiddenPaths(): Promise<{ hidden: string[]; keep: string }> {
  const candidates = [workspacesDir(), process.cwd(), homedir()];
  if (env.AIOS_DATA_DIR !== "memory://") candidates.push(env.dataDir);
  const real = await Promise.all(
    candidates.map((path) =>
      realpath(path)
        .then(async (p) => ((await stat(p)).isDirectory() ? p : null))
        .catch(() => null),
    ),
  );
  const covered = ["/tmp", "/dev/shm"];
  const unique = [...new Set(real.filter((p): p is string => p !== null && p !== "/" && !covered.some((c) => within(p, c))))];
  const hidden = unique.filter((p) => !unique.some((other) => other !== p && within(p, other)));
  const nodeHome = dirname(dirname(await realpath(process.execPath)));
  const keep = [...hidden, ...covered].some((h) => within(nodeHome, h)) ? nodeHome : "";
  return { hidden, keep };
}

const within = (path: string, folder: string) => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
