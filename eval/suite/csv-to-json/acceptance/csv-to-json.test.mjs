import assert from "node:assert/strict";
import { test } from "node:test";
import { runNode, tempFile } from "./support.mjs";

const CLI = "bin/csv2json.js";
const json = (r) => {
  assert.equal(r.code, 0, `exit code 0 (stderr: ${r.stderr})`);
  return JSON.parse(r.stdout);
};

test("a file becomes an array of objects keyed by the header", () => {
  const file = tempFile("people.csv", "id,name,city\n1,Ada,London\n2,Grace,New York\n");
  assert.deepEqual(json(runNode(CLI, [file])), [
    { id: "1", name: "Ada", city: "London" },
    { id: "2", name: "Grace", city: "New York" },
  ]);
});

test("standard input gives the same output as the file", () => {
  const csv = "a,b\nx,y\n";
  assert.deepEqual(json(runNode(CLI, [], { input: csv })), json(runNode(CLI, [tempFile("in.csv", csv)])));
});

test("quoted fields keep commas, line breaks and doubled quotes; CRLF works", () => {
  const csv = 'id,quote,note\r\n1,"Hello, world","line one\r\nline two"\r\n2,"She said ""hi""",plain\r\n';
  assert.deepEqual(json(runNode(CLI, [tempFile("q.csv", csv)])), [
    { id: "1", quote: "Hello, world", note: "line one\r\nline two" },
    { id: "2", quote: 'She said "hi"', note: "plain" },
  ]);
});

test("values stay strings", () => {
  const out = json(runNode(CLI, [tempFile("n.csv", "n,flag\n42,true\n")]));
  assert.deepEqual(out, [{ n: "42", flag: "true" }]);
});

test("--pretty indents the same JSON", () => {
  const file = tempFile("p.csv", "a,b\n1,2\n");
  const r = runNode(CLI, [file, "--pretty"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\n\s+/);
  assert.deepEqual(JSON.parse(r.stdout), [{ a: "1", b: "2" }]);
});

test("an unterminated quote exits 1 with a message on stderr", () => {
  const r = runNode(CLI, [tempFile("bad.csv", 'a,b\n1,"oops\n')]);
  assert.equal(r.code, 1);
  assert.ok(r.stderr.trim().length > 0, "a message on stderr");
});
