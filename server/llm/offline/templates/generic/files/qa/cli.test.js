import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../bin/cli.js";

// QA: the CLI in-process, with its data file checked directly.
function session() {
  const data = join(mkdtempSync(join(tmpdir(), "qa-cli-")), "data.json");
  const out = [];
  const err = [];
  const sink = (into) => ({ write: (s) => into.push(s) });
  const run = (...args) => main([...args, "--data", data], { stdout: sink(out), stderr: sink(err), env: {} });
  return { data, out, err, run };
}

test("what the CLI adds is saved to the data file", () => {
  const s = session();
  assert.equal(s.run("add", "Persisted", "--tag", "x"), 0);
  const saved = JSON.parse(readFileSync(s.data, "utf8"));
  assert.equal(saved.items[0].title, "Persisted");
  assert.deepEqual(saved.items[0].tags, ["x"]);
});

test("search and tag filters", () => {
  const s = session();
  s.run("add", "Alpha", "--tag", "red");
  s.run("add", "Beta", "--notes", "alpha inside");
  s.out.length = 0;
  s.run("list", "--search", "ALPHA", "--json");
  assert.deepEqual(
    JSON.parse(s.out.join("")).map((i) => i.title),
    ["Alpha", "Beta"],
  );
  s.out.length = 0;
  s.run("list", "--tag", "red", "--json");
  assert.deepEqual(
    JSON.parse(s.out.join("")).map((i) => i.title),
    ["Alpha"],
  );
});

test("help goes to stdout with exit 0, missing command to stderr with exit 2", () => {
  const s = session();
  assert.equal(s.run("--help"), 0);
  assert.match(s.out.join(""), /^Usage:/);
  assert.equal(main([], { stdout: { write() {} }, stderr: { write: (x) => s.err.push(x) }, env: {} }), 2);
});
