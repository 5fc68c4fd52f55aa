import "server-only";
import { readdir, realpath, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, sep } from "node:path";
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
  tools: { unshare: string | null; setpriv: string | null; prlimit: string | null; pivotRoot: string | null };
};

export type Invocation = { file: string; args: string[]; env: Record<string, string>; cwd: string };

// Runs as PID 1 of fresh mount, network, PID and UTS namespaces, before the command, and builds the
// command's whole view of files: a new root (tmpfs) holding only the system's programs and libraries
// (read-only binds of /usr and the top-level folders, or copies of their merged-/usr links), Node's own
// folder when it lives elsewhere, a synthetic /etc naming the command's own user, a minimal /dev, its
// own /proc, a private /tmp, and the workspace (through a descriptor opened before anything was
// mounted over it; .git read-only). pivot_root then drops the host's tree from the namespace
// altogether: the host's /etc, /root, /home, /var, the app and data folders are not hidden, they are
// absent. Any failing step stops the command from running at all.
const PRELUDE = `set -euf
umask 022
pivot=$1 ws=$2 node=$3 uid=$4 gid=$5 alts=$6 n=$7
shift 7
exec 3<"$ws"
if [ -n "$node" ]; then exec 4<"$node"; fi
# Few programs on purpose: each exec costs, and this runs before every command.
ro="-o ro,nosuid,nodev"
r=/tmp
mount -t tmpfs -o mode=755,size=4m,nosuid,nodev aios-root "$r"
mkdir "$r/tmp"
mount -t tmpfs -o mode=1777,size=${LIMITS.tmpfs},nosuid,nodev aios-tmp "$r/tmp"
copies=$alts dirs=
for d in bin sbin lib lib32 lib64 libx32; do
  if [ -L "/$d" ]; then copies="$copies /$d"; elif [ -d "/$d" ]; then dirs="$dirs $d"; fi
done
for d in fd stdin stdout stderr; do if [ -L "/dev/$d" ]; then copies="$copies /dev/$d"; fi; done
mkdir -p "$r/usr" "$r/etc/alternatives" "$r/dev/shm" "$r/proc" "$r$ws" \${node:+"$r$node"} $(for d in $dirs; do printf '%s ' "$r/$d"; done)
mount --bind $ro /usr "$r/usr"
for d in $dirs; do mount --bind $ro "/$d" "$r/$d"; done
# The merged-/usr links (/bin -> usr/bin…), /dev/fd, and the /etc/alternatives links that lead to programs.
cp -P --parents $copies "$r"
if [ -n "$node" ]; then mount --bind $ro /proc/self/fd/4 "$r$node"; fi
hidden=
while [ "$n" -gt 0 ]; do
  mkdir -p "$r$1"; mount -t tmpfs -o mode=755,size=1m,nosuid,nodev aios-hidden "$r$1"; hidden="$hidden $r$1"
  shift; n=$((n - 1))
done
mkdir -p "$r$ws"
mount --bind -o nosuid,nodev /proc/self/fd/3 "$r$ws"
exec 3<&- 4<&-
if [ -d "$r$ws/.git" ] && [ ! -L "$r$ws/.git" ]; then mount --bind $ro "$r$ws/.git" "$r$ws/.git"; fi
for h in $hidden; do mount -o remount,bind,ro,nosuid,nodev "$h"; done
for d in null zero random urandom; do
  if [ -c "/dev/$d" ]; then : > "$r/dev/$d"; mount --bind "/dev/$d" "$r/dev/$d"; fi
done
mount -t tmpfs -o mode=1777,size=64m,nosuid,nodev aios-shm "$r/dev/shm"
mount -t proc -o nosuid,nodev,noexec proc "$r/proc"
e=$r/etc
printf 'root:x:0:0:root:/nonexistent:/usr/sbin/nologin\\n' > "$e/passwd"
printf 'root:x:0:\\n' > "$e/group"
if [ -n "$uid" ]; then
  printf 'sandbox:x:%s:%s:AIOS sandbox:%s:/bin/sh\\n' "$uid" "$gid" "$ws" >> "$e/passwd"
  printf 'sandbox:x:%s:\\n' "$gid" >> "$e/group"
fi
printf 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\\n' >> "$e/passwd"
printf 'nogroup:x:65534:\\n' >> "$e/group"
printf '127.0.0.1\\tlocalhost aios-sandbox\\n::1\\tlocalhost ip6-localhost ip6-loopback\\n' > "$e/hosts"
printf '# No network in the sandbox: only its own loopback.\\nnameserver 127.0.0.1\\n' > "$e/resolv.conf"
printf 'passwd: files\\ngroup: files\\nshadow: files\\nhosts: files dns\\n' > "$e/nsswitch.conf"
printf 'aios-sandbox\\n' > "$e/hostname"
# (Not allowed inside a user namespace: the host name then stays the machine's.)
{ echo aios-sandbox > /proc/sys/kernel/hostname; } 2>/dev/null || true
# The namespace's own loopback: tests can start a server on 127.0.0.1; nothing outside is reachable.
PATH=/usr/sbin:/sbin:$PATH ip link set lo up 2>/dev/null || true
mount -o remount,bind,ro,nosuid,nodev "$r"
cd "$r"
"$pivot" . .
umount -l .
cd "$ws"
"$@"
`;

const LOOPBACK_UP = `PATH=/usr/sbin:/sbin:$PATH ip link set lo up 2>/dev/null || true
exec "$@"
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
      const layout = await rootLayout();
      const ids = user ? [String(user.uid), String(user.gid)] : ["", ""];
      flags.push("-m", "-p", "-u", "--fork", "--kill-child", "--mount-proc");
      argv = [
        unshare,
        ...flags,
        "--",
        "/bin/sh",
        "-c",
        PRELUDE,
        "aios-sandbox",
        plan.tools.pivotRoot ?? "pivot_root",
        realRoot,
        layout.nodeHome,
        ...ids,
        layout.alternatives.join(" "),
        String(layout.hidden.length),
        ...layout.hidden,
        ...inner,
      ];
    } else {
      // A fresh network namespace starts with loopback down; project tests serve and fetch on 127.0.0.1.
      argv = [unshare, ...flags, "--", "/bin/sh", "-c", LOOPBACK_UP, "aios-sandbox", ...inner];
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

type RootLayout = { nodeHome: string; hidden: string[]; alternatives: string[] };
const g = globalThis as { __aiosRootLayout?: Promise<RootLayout> };

/** What the minimal root needs from this machine; worked out once per process. */
function rootLayout(): Promise<RootLayout> {
  g.__aiosRootLayout ??= detectRootLayout();
  return g.__aiosRootLayout;
}

async function detectRootLayout(): Promise<RootLayout> {
  const bound = ["/usr", ...SYSTEM_FOLDERS.map((d) => `/${d}`)];
  const realNode = dirname(dirname(await realpath(process.execPath)));
  const nodeHome = bound.some((b) => within(realNode, b)) ? "" : realNode;
  // Folders of ours that happen to lie inside what is bound (an app installed under /usr/local, say) are covered.
  const candidates = [workspacesDir(), process.cwd(), homedir()];
  if (env.AIOS_DATA_DIR !== "memory://") candidates.push(env.dataDir);
  const real = await Promise.all(candidates.map((path) => realpath(path).catch(() => null)));
  const inside = [...new Set(real.filter((p): p is string => p !== null && [...bound, nodeHome].some((b) => b && p !== b && within(p, b))))];
  const hidden = inside.filter((p) => !inside.some((other) => other !== p && within(p, other)));
  return { nodeHome, hidden, alternatives: await programAlternatives() };
}

const SYSTEM_FOLDERS = ["bin", "sbin", "lib", "lib32", "lib64", "libx32"];

// Debian's /usr/bin/awk, which, editor… are links to /etc/alternatives/<name>: the synthetic /etc gets
// copies of the links that lead to programs (nothing else of the host's /etc).
async function programAlternatives(): Promise<string[]> {
  const dir = "/etc/alternatives";
  const names = await readdir(dir).catch(() => [] as string[]);
  const found = await Promise.all(
    names
      .filter((name) => /^[A-Za-z0-9._+-]+$/.test(name))
      .map(async (name) => {
        const target = await realpath(join(dir, name)).catch(() => null);
        if (!target || !["/usr/", "/bin/", "/sbin/"].some((p) => target.startsWith(p))) return null;
        const info = await stat(target).catch(() => null);
        return info?.isFile() && info.mode & 0o111 ? join(dir, name) : null;
      }),
  );
  return found.filter((p): p is string => p !== null);
}

const within = (path: string, folder: string) => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
