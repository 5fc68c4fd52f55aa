import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../server.js";
import { clientFor, socketPath } from "../test-support/http.js";

// QA: browsers only apply a stylesheet or run a module script served with the right content type
// (X-Content-Type-Options: nosniff makes them strict), so every static file type is checked.
let server;
let api;
before(async () => {
  const socket = socketPath();
  server = await startServer({ port: socket });
  api = clientFor(socket);
});
after(() => new Promise((resolve) => server.close(resolve)));

for (const [path, type] of [
  ["/", "text/html"],
  ["/app.js", "text/javascript"],
  ["/styles.css", "text/css"],
  ["/api/prices", "application/json"],
]) {
  test(`${path} is served as ${type}`, async () => {
    const res = await api(path);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type").split(";")[0], type);
  });
}
