import assert from "node:assert/strict";
import { test } from "node:test";
import { runNode, tempFile } from "./support.mjs";

const CLI = "bin/csv2json.js";
const CSV = "id,name,email,city\n1,Ada,ada@example.com,London\n2,Grace,grace@example.com,\"New York, NY\"\n";
const json = (r) => {
  assert.equal(r.code, 0, `exit code 0 (stderr: ${r.stderr})`);
  return JSON.parse(r.stdout);
};

test("without --fields every column is kept, as before", () => {
  assert.deepEqual(json(runNode(CLI, [tempFile("a.csv", CSV)])), [
    { id: "1", name: "Ada", email: "ada@example.com", city: "London" },
    { id: "2", name: "Grace", email: "grace@example.com", city: "New York, NY" },
  ]);
});

test("--fields keeps only the named columns, in the order given", () => {
  const out = json(runNode(CLI, [tempFile("b.csv", CSV), "--fields", "email,name"]));
  assert.deepEqual(out, [
    { email: "ada@example.com", name: "Ada" },
    { email: "grace@example.com", name: "Grace" },
  ]);
  assert.deepEqual(Object.keys(out[0]), ["email", "name"]);
});

test("--fields works with standard input and --pretty", () => {
  const r = runNode(CLI, ["--fields", "city", "--pretty"], { input: CSV });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\n\s+/);
  assert.deepEqual(JSON.parse(r.stdout), [{ city: "London" }, { city: "New York, NY" }]);
});

test("an unknown field exits 2 naming it on stderr", () => {
  const r = runNode(CLI, [tempFile("c.csv", CSV), "--fields", "name,phone"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /phone/);
});
