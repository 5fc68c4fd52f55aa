import "server-only";
import { execFile } from "node:child_process";
import { access, chmod, chown, mkdir, rm } from "node:fs/promises";
import { constants } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { childEnv } from "./clean-env";
import { workspacesDir } from "./paths";
import { buildInvocation, LIMITS, type SandboxPlan } from "./sandbox-plan";
import { execute } from "./sandbox-process";
import { sandboxUser } from "./sandbox-user";

export type SandboxCapabilities = {
  /** Commands have no network (own network namespace). */
  networkIsolated: boolean;
  /** CPU time, memory, file size (and, when commands run under their own uid, process count) are capped. */
  resourceLimits: boolean;
  /** The process-count limit binds (it does not bind root or a shared uid). */
  processLimit: boolean;
  /** A minimal root: system programs read-only, a synthetic /etc, the workspace (.git read-only); nothing else of the machine. */
  filesystemIsolated: boolean;
  /** Nothing a command starts outlives it (own PID namespace). */
  processIsolated: boolean;
  /** Commands run as an unprivileged uid of the workspace's own, not as the server's user. */
  unprivilegedUser: boolean;
  notes: string[];
};

type Detected = { plan: SandboxPlan; capabilities: SandboxCapabilities };

const g = globalThis as { __aiosSandbox?: Promise<Detected> };

/** What protections commands get on this machine; probed once per process. */
export async function sandboxCapabilities(): Promise<SandboxCapabilities> {
  return (await detected()).capabilities;
}

export async function sandboxPlan(): Promise<SandboxPlan> {
  return (await detected()).plan;
}

function detected(): Promise<Detected> {
  g.__aiosSandbox ??= detect().catch((err: unknown) => {
    g.__aiosSandbox = undefined;
    throw err;
  });
  return g.__aiosSandbox;
}

async function detect(): Promise<Detected> {
  const notes: string[] = [];
  const tools = {
    unshare: await findTool("unshare"),
    setpriv: await findTool("setpriv"),
    prlimit: await findTool("prlimit"),
    pivotRoot: await findTool("pivot_root"),
  };
  const isRoot = process.getuid?.() === 0;

  const prlimitOk = tools.prlimit !== null && (await run(tools.prlimit, ["--version"])).ok;
  if (!prlimitOk) notes.push("prlimit is not available: commands run without CPU, memory, file-size or process limits.");
  const probeRoot = await makeProbeWorkspace();
  const user = sandboxUser(probeRoot);
  const canDrop =
    isRoot &&
    tools.setpriv !== null &&
    user !== null &&
    (await run(tools.setpriv, [`--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "--no-new-privs", "--", "/bin/true"])).ok;
  if (isRoot && !canDrop) notes.push("setpriv could not switch to an unprivileged uid: commands run as root.");

  const nsModes: SandboxPlan["namespaces"][] = !tools.unshare ? ["none"] : tools.pivotRoot ? ["full", "network", "none"] : ["network", "none"];
  if (!tools.unshare) notes.push("unshare is not installed: commands have network access and share the machine's view of files.");
  else if (!tools.pivotRoot) notes.push("pivot_root is not installed (util-linux): commands share the machine's view of files.");
  const candidates = [true, false]
    .filter((drop) => !drop || canDrop)
    .flatMap((drop) => nsModes.map((namespaces) => ({ drop, namespaces })));

  let plan: SandboxPlan | null = null;
  try {
    for (const { drop, namespaces } of candidates) {
      const candidate: SandboxPlan = {
        namespaces,
        userNamespace: !isRoot && namespaces !== "none",
        dropToSandboxUser: drop,
        tools: { ...tools, prlimit: prlimitOk ? tools.prlimit : null },
      };
      const invocation = await buildInvocation(candidate, probeRoot, `node -e "process.exit(0)"`, 10_000);
      const result = await execute(invocation, { timeoutMs: 10_000, maxOutputBytes: 4096 }).catch((err: Error) => ({
        exitCode: null,
        stderr: err.message,
      }));
      if (result.exitCode === 0) {
        plan = candidate;
        break;
      }
      notes.push(`Sandbox mode "${describe(candidate)}" did not work here: ${firstLine(result.stderr)}`);
    }
  } finally {
    await rm(probeRoot, { recursive: true, force: true });
  }
  if (!plan) {
    notes.push("Node could not start inside any sandbox mode; commands run with limits only.");
    plan = { namespaces: "none", userNamespace: false, dropToSandboxUser: false, tools: { ...tools, prlimit: prlimitOk ? tools.prlimit : null } };
  }

  const processLimit = plan.tools.prlimit !== null && (plan.dropToSandboxUser || plan.userNamespace);
  const capabilities: SandboxCapabilities = {
    networkIsolated: plan.namespaces !== "none",
    resourceLimits: plan.tools.prlimit !== null,
    processLimit,
    filesystemIsolated: plan.namespaces === "full",
    processIsolated: plan.namespaces === "full",
    unprivilegedUser: plan.dropToSandboxUser,
    notes: [...summary(plan, processLimit), ...notes],
  };
  return { plan, capabilities };
}

function summary(plan: SandboxPlan, processLimit: boolean): string[] {
  const lines = [`Sandbox mode: ${describe(plan)}.`];
  if (plan.namespaces !== "none") lines.push("No network: commands run in their own network namespace.");
  if (plan.namespaces === "full") {
    lines.push(
      "Private files: a minimal root with the system's programs read-only, a synthetic /etc naming only the command's own user, a private /tmp and the workspace (.git read-only); the machine's /etc, /root, /home, /var, the app and data folders and other workspaces are not there.",
      "Nothing a command starts outlives it (own PID namespace).",
    );
  }
  if (plan.dropToSandboxUser) lines.push("Commands run as an unprivileged uid of their workspace's own, not as root.");
  if (plan.userNamespace) {
    lines.push(
      "The server does not run as root: commands run in a user namespace as the server's own user, so projects share one uid and one process limit.",
    );
  }
  if (plan.tools.prlimit) {
    const gib = LIMITS.addressSpaceBytes / 1024 ** 3;
    const mib = LIMITS.fileBytes / 1024 ** 2;
    lines.push(
      `Limits: CPU time per process, ${gib} GiB address space, ${mib} MiB per file` +
        (processLimit ? `, ${LIMITS.processes} processes.` : "; the process-count limit does not apply (no separate uid)."),
    );
  }
  return lines;
}

const describe = (plan: SandboxPlan) =>
  [
    { full: "network+mount+pid namespaces", network: "network namespace", none: "no namespaces" }[plan.namespaces],
    plan.userNamespace ? "user namespace" : null,
    plan.dropToSandboxUser ? "sandbox uid" : null,
  ]
    .filter(Boolean)
    .join(", ");

// Laid out like a real workspace, so the probe exercises the same mounts a command gets.
async function makeProbeWorkspace(): Promise<string> {
  const root = join(workspacesDir(), `.sandbox-probe-${randomBytes(6).toString("hex")}`);
  await mkdir(join(root, ".git"), { recursive: true });
  await chmod(workspacesDir(), 0o711).catch(() => undefined);
  await chmod(root, 0o755);
  const user = sandboxUser(root);
  if (user) await chown(root, 0, user.gid);
  return root;
}

async function findTool(name: string): Promise<string | null> {
  for (const dir of ["/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"]) {
    const path = join(dir, name);
    if (await access(path, constants.X_OK).then(() => true, () => false)) return path;
  }
  return null;
}

function run(file: string, args: string[]): Promise<{ ok: boolean }> {
  return new Promise((resolve) => {
    execFile(file, args, { env: childEnv({ PATH: "/usr/bin:/bin" }), timeout: 10_000 }, (err) => resolve({ ok: !err }));
  });
}

const firstLine = (text: string) => text.trim().split("\n")[0]?.slice(0, 200) || "no output";
