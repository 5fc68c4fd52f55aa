import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { csvToObjects } from "../lib/parse-csv.js";
import { main } from "../bin/csv2json.js";

// QA: a realistic file with every quoting rule at once, in-process and through the real binary.
const FIXTURE = fileURLToPath(new URL("../fixtures/people.csv", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/csv2json.js", import.meta.url));
const expected = [
  { id: "1", name: "Lovelace, Ada", bio: "Mathematician\nand writer", quote: 'She said "the engine might compose music"' },
  { id: "2", name: "Grace Hopper", bio: "", quote: "COBOL, compilers" },
  { id: "3", name: "Alan Turing", bio: "Computing pioneer", quote: "" },
];

test("the fixture converts exactly", () => {
  assert.deepEqual(csvToObjects(readFileSync(FIXTURE, "utf8")), expected);
});

test("the binary gives the same result from a file and from stdin", () => {
  const fromFile = spawnSync(process.execPath, [BIN, FIXTURE], { encoding: "utf8" });
  const fromStdin = spawnSync(process.execPath, [BIN, "-"], { input: readFileSync(FIXTURE), encoding: "utf8" });
  assert.equal(fromFile.status, 0, fromFile.stderr);
  assert.deepEqual(JSON.parse(fromFile.stdout), expected);
  assert.equal(fromStdin.stdout, fromFile.stdout);
});

test("main returns exit codes without exiting the process", async () => {
  const out = [];
  const sink = { write: (s) => out.push(s) };
  assert.equal(await main([FIXTURE, "--pretty"], { stdout: sink, stderr: sink }), 0);
  assert.deepEqual(JSON.parse(out.join("")), expected);
  assert.equal(await main(["--delimiter"], { stdout: sink, stderr: sink }), 2);
});

test("unicode and a byte order mark survive the round trip", () => {
  assert.deepEqual(csvToObjects("\uFEFFcity,note\nZürich,\"naïve, 東京\"\n"), [{ city: "Zürich", note: "naïve, 東京" }]);
});

test("large input stays fast", () => {
  const rows = Array.from({ length: 20000 }, (_, i) => `${i},"name ${i}, with comma","line\nbreak"`).join("\n");
  const started = performance.now();
  const objects = csvToObjects(`id,name,notes\n${rows}\n`);
  assert.equal(objects.length, 20000);
  assert.equal(objects[19999].name, "name 19999, with comma");
  assert.ok(performance.now() - started < 2000);
});
