// Shared helpers of the eval's acceptance tests (copied next to them into the checkout; Node 20 standard
// library only, no network). The tests run with the checkout as the working directory.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const ROOT = process.cwd();

/** A project module, ES or CommonJS: its named exports, with a CommonJS module.exports object spread in. */
export async function load(rel) {
  const path = resolve(ROOT, rel);
  if (!existsSync(path)) throw new Error(`${rel} does not exist in the project`);
  const mod = await import(pathToFileURL(path).href);
  const base = mod.default && typeof mod.default === "object" ? mod.default : {};
  return { ...base, ...mod };
}

/** Runs `node <script> ...args` in the checkout; stdin from `input`. */
export function runNode(script, args = [], { input, env } = {}) {
  if (!existsSync(resolve(ROOT, script))) throw new Error(`${script} does not exist in the project`);
  const r = spawnSync(process.execPath, [script, ...args], { cwd: ROOT, input: input ?? "", encoding: "utf8", timeout: 20_000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", error: r.error };
}

/** A file in a fresh temp folder (never inside the project). */
export function tempFile(name, content) {
  const path = join(mkdtempSync(join(tmpdir(), "eval-")), name);
  writeFileSync(path, content);
  return path;
}

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** One HTTP request with node:http: { status, headers, text, json() }. */
export function http(port, method, path, body) {
  return new Promise((ok, fail) => {
    const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    const headers = payload === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) };
    const req = request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("error", fail);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        ok({
          status: res.statusCode,
          headers: res.headers,
          text,
          json: () => {
            try {
              return JSON.parse(text);
            } catch {
              throw new Error(`${method} ${path} answered ${res.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`);
            }
          },
        });
      });
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path}: no answer within 10 s`)));
    req.on("error", fail);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/**
 * Starts `node <entry>` with PORT set, as a person would run the project, and waits until it answers.
 * Returns { port, call(method, path, body), stop() }.
 */
export async function startServer(entry = "server.js") {
  if (!existsSync(resolve(ROOT, entry))) throw new Error(`${entry} does not exist in the project`);
  const port = await freePort();
  const child = spawn(process.execPath, [entry], { cwd: ROOT, env: { ...process.env, PORT: String(port), HOST: "127.0.0.1" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const stop = () =>
    new Promise((ok) => {
      if (child.exitCode !== null || child.signalCode !== null) return ok();
      child.once("exit", () => ok());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 2000).unref();
    });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node ${entry} exited with code ${child.exitCode} before answering: ${output.slice(-500)}`);
    try {
      await http(port, "GET", "/");
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`node ${entry} did not answer on PORT=${port} within 15 s: ${output.slice(-500)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { port, call: (method, path, body) => http(port, method, path, body), stop };
}
