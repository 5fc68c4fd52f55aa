import { test } from "node:test";
import assert from "node:assert/strict";
import { createStore, MAX_TAGS, validate } from "../src/store.js";

// QA: limits and invariants of the __ENTITIES__ store.
test("ids are never reused after a removal", () => {
  const store = createStore();
  const a = store.add({ title: "a" });
  store.remove(a.id);
  assert.notEqual(store.add({ title: "b" }).id, a.id);
});

test("limits are enforced", () => {
  assert.equal(validate({ title: "ok", tags: Array.from({ length: MAX_TAGS + 1 }, (_, i) => `t${i}`) }).ok, false);
  assert.equal(validate({ title: "ok", notes: "x".repeat(2001) }).ok, false);
  assert.equal(validate({ title: "ok", tags: ["", "a"] }).ok, false);
});

test("stored data cannot be changed through returned objects", () => {
  const store = createStore();
  const item = store.add({ title: "safe", tags: ["a"] });
  item.tags.push("b");
  store.list()[0].title = "changed";
  assert.deepEqual([store.get(item.id).title, store.get(item.id).tags], ["safe", ["a"]]);
});

test("updatedAt moves forward on change", () => {
  let t = 0;
  const store = createStore({ now: () => new Date(1_700_000_000_000 + t++ * 1000) });
  const item = store.add({ title: "x" });
  assert.ok(store.update(item.id, { notes: "y" }).updatedAt > item.updatedAt);
});
