// A real worker process (`server.ts --role=worker`, server mode) for tests: started, watched for
// readiness in its log, stopped with SIGTERM or killed outright.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

export type WorkerProcess = { child: ChildProcess; pid: number; logs: () => string; stop: () => Promise<void>; kill: () => Promise<void> };

export function startWorker(env: Record<string, string | undefined>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/register.mjs", "server.ts", "--role=worker"], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "info", ...env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  const worker: WorkerProcess = { child, pid: child.pid!, logs: () => output, stop: () => signal("SIGTERM"), kill: () => signal("SIGKILL") };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > 200_000) output = output.slice(-100_000);
      if (output.includes("AIOS worker ready")) {
        clearTimeout(timer);
        resolve(worker);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`worker exited (${code}):\n${output}`)));
  });
}
