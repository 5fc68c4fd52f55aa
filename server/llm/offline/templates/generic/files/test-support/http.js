// HTTP over a Unix socket for tests and smoke checks. Sandboxes without a network (no loopback
// interface) still allow Unix sockets, so the real server is exercised without a TCP port.
import { request } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh socket path for `server.listen(path)`. */
export function socketPath() {
  return join(mkdtempSync(join(tmpdir(), "http-")), "server.sock");
}

/** A fetch-like client for the server listening on `socket`: client("/path", { method, headers, body }). */
export function clientFor(socket) {
  return (path, init = {}) =>
    new Promise((resolve, reject) => {
      const req = request({ socketPath: socket, path, method: init.method ?? "GET", headers: init.headers ?? {} }, (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("end", () => {
          const body = Buffer.concat(chunks);
          const headers = Object.entries(res.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : String(value)]);
          const empty = body.length === 0 || res.statusCode === 204 || res.statusCode === 304;
          resolve(new Response(empty ? null : body, { status: res.statusCode, headers }));
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      if (init.body !== undefined) req.write(init.body);
      req.end();
    });
}
