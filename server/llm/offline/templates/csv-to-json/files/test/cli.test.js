import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../bin/csv2json.js", import.meta.url));
const run = (args, input) => spawnSync(process.execPath, [BIN, ...args], { input, encoding: "utf8" });

test("reads standard input and writes compact JSON", () => {
  const { status, stdout, stderr } = run([], "id,name\n1,Ada\n");
  assert.equal(status, 0, stderr);
  assert.equal(stdout, '[{"id":"1","name":"Ada"}]\n');
});

test("reads a file and pretty-prints with --pretty", () => {
  const dir = mkdtempSync(join(tmpdir(), "csv2json-"));
  const file = join(dir, "people.csv");
  writeFileSync(file, 'name,city\n"Lovelace, Ada",London\n');
  const { status, stdout } = run([file, "--pretty"]);
  assert.equal(status, 0);
  assert.equal(stdout, '[\n  {\n    "name": "Lovelace, Ada",\n    "city": "London"\n  }\n]\n');
});

test("--delimiter tab", () => {
  const { status, stdout } = run(["--delimiter", "tab"], "a\tb\n1\t2\n");
  assert.equal(status, 0);
  assert.deepEqual(JSON.parse(stdout), [{ a: "1", b: "2" }]);
});

test("--help prints usage", () => {
  const { status, stdout } = run(["--help"]);
  assert.equal(status, 0);
  assert.match(stdout, /^Usage: csv2json/);
});

test("bad usage exits 2, bad input exits 1, both explain on stderr", () => {
  const usage = run(["--nope"]);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /Unknown option --nope/);
  const missing = run(["no-such-file.csv"]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no such file/);
  const broken = run([], 'a\n"open\n');
  assert.equal(broken.status, 1);
  assert.match(broken.stderr, /Unterminated quoted field \(line 2\)/);
});
