import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../server.js";
import { clientFor, socketPath } from "../test-support/http.js";

// QA: the whole contract of docs/api.md, end to end over HTTP.
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

const create = async (title) => (await call("POST", "/todos", { title })).body;

test("PATCH /todos/:id persists done", async () => {
  const todo = await create("Ship it");
  const patched = await call("PATCH", `/todos/${todo.id}`, { done: true });
  assert.equal(patched.status, 200);
  const fetched = await call("GET", `/todos/${todo.id}`);
  assert.equal(fetched.body.done, true);
});

test("PATCH /todos/:id can change title and done together", async () => {
  const todo = await create("Draft");
  const patched = await call("PATCH", `/todos/${todo.id}`, { title: "Final", done: true });
  assert.deepEqual([patched.body.title, patched.body.done], ["Final", true]);
  const undone = await call("PATCH", `/todos/${todo.id}`, { done: false });
  assert.deepEqual([undone.body.title, undone.body.done], ["Final", false]);
});

test("GET /todos?done=true lists only finished todos", async () => {
  const open = await create("Still open");
  const finished = await create("Finished");
  await call("PATCH", `/todos/${finished.id}`, { done: true });
  const { status, body } = await call("GET", "/todos?done=true");
  assert.equal(status, 200);
  assert.ok(body.some((t) => t.id === finished.id));
  assert.ok(!body.some((t) => t.id === open.id));
  assert.equal((await call("GET", "/todos?done=maybe")).status, 400);
});

test("POST /todos rejects invalid bodies with 400 and a message", async () => {
  const cases = [
    [{}, /title/],
    [{ title: "   " }, /empty/],
    [{ title: 42 }, /string/],
    [{ title: "x".repeat(201) }, /200/],
    [{ title: "ok", done: "yes" }, /done/],
    [{ title: "ok", priority: 1 }, /Unknown field/],
    [[], /JSON object/],
    ["{not json", /valid JSON/],
  ];
  for (const [body, message] of cases) {
    const res = await call("POST", "/todos", body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.match(res.body.error, message);
  }
});

test("PATCH /todos/:id rejects an empty or invalid change", async () => {
  const todo = await create("Validate me");
  assert.equal((await call("PATCH", `/todos/${todo.id}`, {})).status, 400);
  assert.equal((await call("PATCH", `/todos/${todo.id}`, { done: "true" })).status, 400);
  assert.equal((await call("PATCH", `/todos/${todo.id}`, { title: "" })).status, 400);
});

test("unknown ids are 404 for GET, PATCH and DELETE", async () => {
  assert.equal((await call("GET", "/todos/does-not-exist")).status, 404);
  assert.equal((await call("PATCH", "/todos/does-not-exist", { done: true })).status, 404);
  assert.equal((await call("DELETE", "/todos/does-not-exist")).status, 404);
});

test("DELETE /todos/:id answers 204 once, then 404", async () => {
  const todo = await create("Delete me");
  const first = await call("DELETE", `/todos/${todo.id}`);
  assert.equal(first.status, 204);
  assert.equal(first.body, null);
  assert.equal((await call("DELETE", `/todos/${todo.id}`)).status, 404);
  assert.equal((await call("GET", `/todos/${todo.id}`)).status, 404);
});

test("unsupported methods are 405 with Allow, unknown paths 404", async () => {
  const res = await call("PUT", "/todos");
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "GET, POST");
  assert.equal((await call("GET", "/nope")).status, 404);
});
