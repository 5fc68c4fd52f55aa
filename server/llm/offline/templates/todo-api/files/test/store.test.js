import { test } from "node:test";
import assert from "node:assert/strict";
import { createStore } from "../src/store.js";

test("create assigns increasing ids and starts not done", () => {
  const store = createStore();
  const a = store.create({ title: "Buy milk" });
  const b = store.create({ title: "Walk the dog" });
  assert.equal(a.id, "1");
  assert.equal(b.id, "2");
  assert.equal(a.done, false);
  assert.equal(a.createdAt, a.updatedAt);
});

test("list returns todos oldest first and filters by done", () => {
  const store = createStore();
  store.create({ title: "one" });
  store.create({ title: "two", done: true });
  assert.deepEqual(
    store.list().map((t) => t.title),
    ["one", "two"],
  );
  assert.deepEqual(
    store.list({ done: true }).map((t) => t.title),
    ["two"],
  );
  assert.deepEqual(
    store.list({ done: false }).map((t) => t.title),
    ["one"],
  );
});

test("update changes only the given fields", () => {
  let clock = 0;
  const store = createStore({ now: () => new Date(clock++ * 1000) });
  const todo = store.create({ title: "draft" });
  const renamed = store.update(todo.id, { title: "final" });
  assert.equal(renamed.title, "final");
  assert.equal(renamed.done, false);
  assert.notEqual(renamed.updatedAt, todo.updatedAt);
  const finished = store.update(todo.id, { done: true });
  assert.equal(finished.title, "final");
  assert.equal(finished.done, true);
  assert.equal(store.update("nope", { title: "x" }), null);
});

test("remove deletes once", () => {
  const store = createStore();
  const todo = store.create({ title: "temp" });
  assert.equal(store.remove(todo.id), true);
  assert.equal(store.remove(todo.id), false);
  assert.equal(store.get(todo.id), null);
});

test("returned todos are copies", () => {
  const store = createStore();
  const todo = store.create({ title: "safe" });
  todo.title = "changed outside";
  assert.equal(store.get(todo.id).title, "safe");
});
