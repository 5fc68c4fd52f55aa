import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../server.js";
import { clientFor, socketPath } from "../test-support/http.js";

let server;
let api;
before(async () => {
  const socket = socketPath();
  server = await startServer({ port: socket });
  api = clientFor(socket);
});
after(() => new Promise((resolve) => server.close(resolve)));

const json = (method, body) => ({ method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

test("GET /health answers ok", async () => {
  const res = await api("/health");
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { ok: true });
});

test("POST /todos creates a todo and GET /todos lists it", async () => {
  const res = await api("/todos", json("POST", { title: "  Write the API  " }));
  assert.equal(res.status, 201);
  const todo = await res.json();
  assert.equal(todo.title, "Write the API");
  assert.equal(todo.done, false);
  assert.equal(res.headers.get("location"), `/todos/${todo.id}`);
  const list = await (await api("/todos")).json();
  assert.ok(list.some((t) => t.id === todo.id));
});

test("GET /todos/:id returns one todo, or 404", async () => {
  const todo = await (await api("/todos", json("POST", { title: "Read me" }))).json();
  const res = await api(`/todos/${todo.id}`);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).title, "Read me");
  assert.equal((await api("/todos/999999")).status, 404);
});

test("PATCH /todos/:id renames a todo", async () => {
  const todo = await (await api("/todos", json("POST", { title: "Old name" }))).json();
  const res = await api(`/todos/${todo.id}`, json("PATCH", { title: "New name" }));
  assert.equal(res.status, 200);
  assert.equal((await res.json()).title, "New name");
});

test("DELETE /todos/:id removes a todo", async () => {
  const todo = await (await api("/todos", json("POST", { title: "Short-lived" }))).json();
  const res = await api(`/todos/${todo.id}`, { method: "DELETE" });
  assert.equal(res.status, 204);
  assert.equal((await api(`/todos/${todo.id}`)).status, 404);
});

test("invalid bodies are rejected with 400", async () => {
  const res = await api("/todos", json("POST", { title: "" }));
  assert.equal(res.status, 400);
  assert.match((await res.json()).error, /title/);
});
