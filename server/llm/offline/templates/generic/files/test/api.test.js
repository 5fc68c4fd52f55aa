import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../server.js";
import { clientFor, socketPath } from "../test-support/http.js";

const ROUTE = "/api/__ROUTE__";
let server;
let api;
before(async () => {
  const socket = socketPath();
  server = await startServer({ port: socket });
  api = clientFor(socket);
});
after(() => new Promise((resolve) => server.close(resolve)));

const send = async (method, path, body) => {
  const res = await api(path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
};

test("create, read, list, change and delete a __ENTITY__", async () => {
  const created = await send("POST", ROUTE, { title: "First", tags: ["demo"] });
  assert.equal(created.status, 201);
  assert.equal(created.headers.get("location"), `${ROUTE}/${created.body.id}`);
  assert.equal((await send("GET", `${ROUTE}/${created.body.id}`)).body.title, "First");
  assert.ok((await send("GET", `${ROUTE}?tag=demo`)).body.some((i) => i.id === created.body.id));
  assert.equal((await send("PATCH", `${ROUTE}/${created.body.id}`, { notes: "more" })).body.notes, "more");
  assert.equal((await send("DELETE", `${ROUTE}/${created.body.id}`)).status, 204);
  assert.equal((await send("GET", `${ROUTE}/${created.body.id}`)).status, 404);
});

test("invalid input is a 400 with a message", async () => {
  const res = await send("POST", ROUTE, { title: "" });
  assert.equal(res.status, 400);
  assert.match(res.body.error, /title/);
});

test("health check", async () => {
  assert.deepEqual((await send("GET", "/health")).body, { ok: true });
});
