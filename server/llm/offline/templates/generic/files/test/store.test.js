import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStore, validate } from "../src/store.js";

test("validate accepts a complete __ENTITY__ and normalises it", () => {
  assert.deepEqual(validate({ title: "  First  ", notes: "n", tags: ["A", "a", " b "] }), {
    ok: true,
    value: { title: "First", notes: "n", tags: ["a", "b"] },
  });
});

test("validate rejects what would corrupt the data", () => {
  for (const bad of [null, [], {}, { title: "" }, { title: 1 }, { title: "x".repeat(201) }, { title: "x", tags: "a" }, { title: "x", extra: 1 }]) {
    assert.equal(validate(bad).ok, false, JSON.stringify(bad));
  }
  assert.equal(validate({}, { partial: true }).ok, false);
  assert.deepEqual(validate({ notes: "only notes" }, { partial: true }), { ok: true, value: { notes: "only notes" } });
});

test("add, get, update and remove", () => {
  const store = createStore();
  const item = store.add({ title: "One" });
  assert.equal(item.id, "1");
  assert.deepEqual([item.notes, item.tags], ["", []]);
  assert.equal(store.update(item.id, { title: "Uno" }).title, "Uno");
  assert.equal(store.get(item.id).title, "Uno");
  assert.equal(store.remove(item.id), true);
  assert.equal(store.get(item.id), null);
  assert.equal(store.update(item.id, { title: "x" }), null);
});

test("list searches titles and notes and filters by tag", () => {
  const store = createStore();
  store.add({ title: "Alpha", tags: ["red"] });
  store.add({ title: "Beta", notes: "mentions alpha", tags: ["blue"] });
  store.add({ title: "Gamma" });
  assert.deepEqual(
    store.list({ q: "alpha" }).map((i) => i.title),
    ["Alpha", "Beta"],
  );
  assert.deepEqual(
    store.list({ tag: "BLUE" }).map((i) => i.title),
    ["Beta"],
  );
});

test("a file-backed store keeps its data across restarts", () => {
  const file = join(mkdtempSync(join(tmpdir(), "store-")), "data.json");
  const first = createStore({ file });
  first.add({ title: "Saved" });
  const second = createStore({ file });
  assert.deepEqual(
    second.list().map((i) => i.title),
    ["Saved"],
  );
  assert.equal(second.add({ title: "Next" }).id, "2");
});
