// HTTP over a Unix socket for tests and smoke checks, with node:http only. Sandboxes without a network
// (no loopback interface) still allow Unix sockets, and node:http needs no WebAssembly, which the
// built-in fetch does (it fails under a tight address-space limit).
import { request } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh socket path for `server.listen(path)`. */
export function socketPath() {
  return join(mkdtempSync(join(tmpdir(), "http-")), "server.sock");
}

/**
 * A small fetch-like client for the server listening on `socket`:
 * `await client("/path", { method, headers, body })` → { status, headers.get(name), text(), json() }.
 */
export function clientFor(socket) {
  return (path, init = {}) =>
    new Promise((resolve, reject) => {
      const req = request({ socketPath: socket, path, method: init.method ?? "GET", headers: init.headers ?? {} }, (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode,
            ok: res.statusCode >= 200 && res.statusCode < 300,
            headers: { get: (name) => res.headers[name.toLowerCase()] ?? null },
            text: async () => text,
            json: async () => JSON.parse(text),
          });
        });
      });
      req.on("error", reject);
      if (init.body !== undefined) req.write(init.body);
      req.end();
    });
}
