import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../server.js";
import { clientFor, socketPath } from "../test-support/http.js";

// QA: the HTTP contract for __ENTITIES__, including the error paths.
const ROUTE = "/api/__ROUTE__";
let server;
let api;
before(async () => {
  const socket = socketPath();
  server = await startServer({ port: socket });
  api = clientFor(socket);
});
after(() => new Promise((resolve) => server.close(resolve)));

async function call(method, path, body) {
  const init = { method };
  if (body !== undefined) {
    init.headers = { "content-type": "application/json" };
    init.body = typeof body === "string" ? body : JSON.stringify(body);
  }
  const res = await api(path, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

test("a change persists and only touches the given fields", async () => {
  const { body: item } = await call("POST", ROUTE, { title: "Keep", notes: "original", tags: ["a"] });
  await call("PATCH", `${ROUTE}/${item.id}`, { tags: ["b"] });
  const { body } = await call("GET", `${ROUTE}/${item.id}`);
  assert.deepEqual([body.title, body.notes, body.tags], ["Keep", "original", ["b"]]);
});

test("search matches titles and notes, case-insensitively", async () => {
  await call("POST", ROUTE, { title: "Needle in title" });
  await call("POST", ROUTE, { title: "Other", notes: "has a NEEDLE too" });
  await call("POST", ROUTE, { title: "Unrelated" });
  const { body } = await call("GET", `${ROUTE}?q=needle`);
  assert.deepEqual(body.map((i) => i.title).sort(), ["Needle in title", "Other"]);
});

test("bad bodies are 400: invalid JSON, wrong types, unknown fields, empty changes", async () => {
  assert.equal((await call("POST", ROUTE, "{oops")).status, 400);
  assert.equal((await call("POST", ROUTE, { title: 5 })).status, 400);
  assert.equal((await call("POST", ROUTE, { title: "x", colour: "red" })).status, 400);
  const { body: item } = await call("POST", ROUTE, { title: "x" });
  assert.equal((await call("PATCH", `${ROUTE}/${item.id}`, {})).status, 400);
});

test("unknown ids are 404 and unsupported methods 405", async () => {
  assert.equal((await call("GET", `${ROUTE}/nope`)).status, 404);
  assert.equal((await call("PATCH", `${ROUTE}/nope`, { title: "x" })).status, 404);
  assert.equal((await call("DELETE", `${ROUTE}/nope`)).status, 404);
  const put = await call("PUT", ROUTE, {});
  assert.equal(put.status, 405);
  assert.equal(put.headers.get("allow"), "GET, POST");
});
