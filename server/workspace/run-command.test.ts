import { existsSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readFile, writeFile } from "./files";
import { workspacesDir } from "./paths";
import { runCommand } from "./run-command";
import { sandboxCapabilities } from "./sandbox-capabilities";
import { workspaces } from "./test-helpers";

const caps = await sandboxCapabilities();
const spaces = workspaces();
let root: string;

beforeAll(async () => {
  root = await spaces.create();
});
afterAll(() => spaces.cleanup());

/** Processes on the machine whose command line contains `marker` (the sandbox's PID namespace is visible from outside). */
function survivors(marker: string): string[] {
  const out = execFileSync("ps", ["-eo", "args="], { encoding: "utf8" });
  return out.split("\n").filter((line) => line.includes(marker) && !line.includes("ps -eo"));
}

describe("sandbox capabilities", () => {
  it("says which protections are active", () => {
    expect(caps.notes[0]).toMatch(/^Sandbox mode: /);
    expect(typeof caps.networkIsolated).toBe("boolean");
    expect(typeof caps.resourceLimits).toBe("boolean");
    console.info(`sandbox on this machine:\n  ${caps.notes.join("\n  ")}`);
  });

  it("is probed once per process", async () => {
    expect(await sandboxCapabilities()).toBe(caps);
  });
});

describe("runCommand", () => {
  it("runs in the workspace and propagates exit codes", async () => {
    const ok = await runCommand(root, "pwd; echo err >&2");
    expect(ok).toMatchObject({ exitCode: 0, signal: null, stdout: `${root}\n`, stderr: "err\n", truncated: false, timedOut: false });
    expect(ok.durationMs).toBeGreaterThanOrEqual(0);
    expect((await runCommand(root, "exit 3")).exitCode).toBe(3);
    expect((await runCommand(root, "no-such-program-here")).exitCode).toBe(127);
  });

  it("runs Node (its folder is on PATH)", async () => {
    const result = await runCommand(root, 'node -e "console.log(process.version)"');
    expect(result).toMatchObject({ exitCode: 0, stdout: `${process.version}\n` });
  });

  it("lets commands change files the server wrote, and the server read what they wrote", async () => {
    await writeFile(root, "notes/a.txt", "one\n");
    const result = await runCommand(root, "echo two >> notes/a.txt && mkdir -p out && echo built > out/b.txt");
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect((await readFile(root, "notes/a.txt")).content).toBe("one\ntwo\n");
    expect((await readFile(root, "out/b.txt")).content).toBe("built\n");
  });

  it("gives commands an environment without the server's secrets", async () => {
    vi.stubEnv("NEXTAUTH_SECRET", "server-secret-value-0123456789abcdef0123");
    vi.stubEnv("DATABASE_URL", "postgres://aios:hunter2@db.internal:5432/aios");
    vi.stubEnv("OPENAI_API_KEY", "sk-test-should-not-leak");
    const { stdout, exitCode } = await runCommand(root, "env");
    expect(exitCode).toBe(0);
    expect(stdout).not.toMatch(/NEXTAUTH_SECRET|DATABASE_URL|OPENAI_API_KEY|hunter2|server-secret-value|sk-test/);
    const vars = Object.fromEntries(
      stdout
        .trim()
        .split("\n")
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    expect(vars).toMatchObject({ HOME: root, LANG: "C.UTF-8", CI: "1", NODE_ENV: "test" });
    expect(vars.PATH).toContain("/usr/bin");
  });

  it.runIf(caps.networkIsolated)("has no network: a connection to a port listening on this machine fails", async () => {
    let connections = 0;
    const server: Server = createServer((socket) => {
      connections++;
      socket.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const script = `require("net").connect(${port}, "127.0.0.1").on("connect", () => { console.log("connected"); process.exit(0) }).on("error", (e) => { console.log(e.code); process.exit(7) })`;
      const result = await runCommand(root, `node -e '${script}'`, { timeoutMs: 10_000 });
      expect(result.stdout).not.toContain("connected");
      expect(result.stdout.trim()).toMatch(/^(ENETUNREACH|ECONNREFUSED|EACCES)$/);
      expect(result.exitCode).toBe(7);
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });

  it("gives a command its own loopback, so a project's tests can serve and fetch on 127.0.0.1", async () => {
    const script = `const s = require("http").createServer((q, r) => r.end("hi")).listen(0, "127.0.0.1", async () => { const r = await fetch("http://127.0.0.1:" + s.address().port); console.log(await r.text()); s.close(); })`;
    const result = await runCommand(root, `node -e '${script}'`, { timeoutMs: 20_000 });
    expect(result.stdout.trim()).toBe("hi");
    expect(result.exitCode).toBe(0);
  });

  it("kills a command that runs too long, children included", async () => {
    const marker = "31.4159";
    const result = await runCommand(root, `sh -c "sleep ${marker} & sleep ${marker}"`, { timeoutMs: 500 });
    expect(result).toMatchObject({ timedOut: true, exitCode: null, signal: "SIGKILL" });
    expect(result.durationMs).toBeLessThan(5000);
    await new Promise((r) => setTimeout(r, 100));
    expect(survivors(`sleep ${marker}`)).toEqual([]);
  });

  it("does not let background processes outlive the command", async () => {
    const marker = "32.7182";
    const result = await runCommand(root, `(sleep ${marker} &) ; setsid sleep ${marker} & echo started`);
    expect(result).toMatchObject({ exitCode: 0, stdout: "started\n", timedOut: false });
    await new Promise((r) => setTimeout(r, 100));
    // Without a PID namespace, a process that calls setsid leaves the group and cannot be found.
    const left = survivors(`sleep ${marker}`);
    if (caps.processIsolated) expect(left).toEqual([]);
    for (const line of left) console.warn(`survivor: ${line}`);
  });

  it("caps output and says it truncated", async () => {
    const small = await runCommand(root, "head -c 200000 /dev/zero | tr '\\0' x; echo done >&2", { maxOutputBytes: 1000 });
    expect(small).toMatchObject({ exitCode: 0, stdout: "x".repeat(1000), stderr: "done\n", truncated: true });
    const byDefault = await runCommand(root, "head -c 100000 /dev/zero | tr '\\0' y");
    expect(byDefault.stdout.length).toBe(64 * 1024);
    expect(byDefault.truncated).toBe(true);
  });

  it("stops a fork bomb at the process limit, quickly and without leftovers", async () => {
    const marker = "5.0271";
    // Its own workspace (so its own uid): without a PID namespace, the killed processes count
    // against the limit until the machine's init reaps them.
    const bombed = await spaces.create();
    const result = await runCommand(bombed, `for i in $(seq 1 1000); do sleep ${marker} & done; wait`, { timeoutMs: 20_000 });
    expect(result.durationMs).toBeLessThan(caps.processLimit ? 4000 : 15_000);
    if (caps.processLimit) {
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toMatch(/fork|resource temporarily unavailable/i);
    }
    await new Promise((r) => setTimeout(r, 200));
    if (caps.processIsolated) expect(survivors(`sleep ${marker}`)).toEqual([]);
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error("run cancelled")), 200);
    await expect(runCommand(root, "sleep 33.1", { signal: controller.signal })).rejects.toThrow("run cancelled");
    expect(Date.now() - started).toBeLessThan(5000);
    await new Promise((r) => setTimeout(r, 100));
    expect(survivors("sleep 33.1")).toEqual([]);
  });

  it.runIf(caps.unprivilegedUser)("runs as an unprivileged user", async () => {
    const { stdout } = await runCommand(root, "id -u");
    expect(Number(stdout.trim())).toBeGreaterThan(0);
    expect((await runCommand(root, "touch /etc/aios-sandbox-test")).exitCode).not.toBe(0);
  });

  it.runIf(caps.filesystemIsolated)("gives commands a minimal root: the toolchain works, the machine's /etc, /root, /home and /var are absent", async () => {
    const tools = await runCommand(root, "echo 'a b' | awk '{print $2}'; which node; npm --version; git --version; id -un; ls /");
    expect(tools.stderr).toBe("");
    const [awk, which, npm, gitVersion, user, ...top] = tools.stdout.trim().split("\n");
    expect({ awk, which, user }).toEqual({ awk: "b", which: process.execPath, user: caps.unprivilegedUser ? "sandbox" : "root" });
    expect(npm).toMatch(/^\d+\.\d+\.\d+$/);
    expect(gitVersion).toMatch(/^git version /);
    expect(top.filter((name) => !["bin", "dev", "etc", "lib", "lib32", "lib64", "libx32", "proc", "sbin", "tmp", "usr"].includes(name))).toEqual([]);
    const hostOnly = await runCommand(root, "ls -A /root /home /var /srv /opt 2>&1; cat /etc/shadow 2>&1; test -e /etc/os-release || echo no-os-release");
    expect(hostOnly.stdout.match(/No such file or directory/g)).toHaveLength(6);
    expect(hostOnly.stdout).toContain("no-os-release");
  });

  it.runIf(caps.filesystemIsolated)("hides the app folder, other workspaces, and keeps .git read-only", async () => {
    const app = await runCommand(root, `ls -A ${process.cwd()}; cat ${process.cwd()}/package.json; touch ${process.cwd()}/planted`);
    expect(app.stdout).toBe("");
    // Hidden (an empty read-only mount, or absent when the app lives under the sandbox's private /tmp).
    expect(app.stderr).toMatch(/No such file/);
    expect(existsSync(join(process.cwd(), "planted"))).toBe(false);
    const other = await spaces.create();
    const listing = await runCommand(root, `ls -a ${workspacesDir()}`);
    expect(listing.stdout).toContain(root.split("/").pop());
    expect(listing.stdout).not.toContain(other.split("/").pop());
    const tamper = await runCommand(root, "echo '[core]\n\thooksPath = /tmp' > .git/config || echo refused; mv .git g 2>/dev/null || echo kept");
    expect(tamper.stdout).toBe("refused\nkept\n");
    const gitLog = await runCommand(root, "git log --oneline");
    expect(gitLog).toMatchObject({ exitCode: 0, stdout: expect.stringContaining("Initialize workspace") });
  });
});
