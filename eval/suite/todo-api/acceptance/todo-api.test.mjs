import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startServer } from "./support.mjs";

let server;
before(async () => (server = await startServer("server.js")));
after(() => server?.stop());

const create = async (title) => {
  const res = await server.call("POST", "/todos", { title });
  assert.equal(res.status, 201, `POST ${res.status}: ${res.text.slice(0, 200)}`);
  return res.json();
};

test("POST /todos creates a todo that is not done", async () => {
  const todo = await create("Buy milk");
  assert.equal(todo.title, "Buy milk");
  assert.equal(todo.done, false);
  assert.ok(todo.id !== undefined && todo.id !== null);
  const got = await server.call("GET", `/todos/${todo.id}`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.json(), todo);
});

test("GET /todos lists todos and filters by done", async () => {
  const a = await create("Write report");
  const b = await create("Call mum");
  const patched = await server.call("PATCH", `/todos/${b.id}`, { done: true });
  assert.equal(patched.status, 200);
  const all = (await server.call("GET", "/todos")).json();
  assert.ok(all.some((t) => t.id === a.id) && all.some((t) => t.id === b.id));
  const done = (await server.call("GET", "/todos?done=true")).json();
  assert.ok(done.every((t) => t.done === true) && done.some((t) => t.id === b.id));
  const open = (await server.call("GET", "/todos?done=false")).json();
  assert.ok(open.every((t) => t.done === false) && open.some((t) => t.id === a.id));
});

test("PATCH /todos/:id persists title and done", async () => {
  const t = await create("Old title");
  const res = await server.call("PATCH", `/todos/${t.id}`, { title: "New title", done: true });
  assert.equal(res.status, 200);
  assert.deepEqual({ title: res.json().title, done: res.json().done }, { title: "New title", done: true });
  const again = (await server.call("GET", `/todos/${t.id}`)).json();
  assert.deepEqual({ title: again.title, done: again.done }, { title: "New title", done: true });
});

test("DELETE /todos/:id answers 204, then the todo is gone", async () => {
  const t = await create("Temporary");
  const res = await server.call("DELETE", `/todos/${t.id}`);
  assert.equal(res.status, 204);
  assert.equal((await server.call("GET", `/todos/${t.id}`)).status, 404);
});

test("unknown ids are 404 and bad titles 400, with an error message", async () => {
  for (const [method, body] of [["GET"], ["PATCH", { done: true }], ["DELETE"]]) {
    const res = await server.call(method, "/todos/999999", body);
    assert.equal(res.status, 404, `${method} of an unknown id`);
    assert.equal(typeof res.json().error, "string");
  }
  for (const body of [{}, { title: "" }, { title: "   " }]) {
    const res = await server.call("POST", "/todos", body);
    assert.equal(res.status, 400, `POST ${JSON.stringify(body)}`);
    assert.equal(typeof res.json().error, "string");
  }
});
