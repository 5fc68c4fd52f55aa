import assert from "node:assert/strict";
import { test } from "node:test";
import { runNode, tempFile } from "./support.mjs";

const CLI = "bin/wordfreq.js";
const TEXT = "The cat and the hat. THE end! Cat's hat, cat's bat; and 2 cats and 2 dogs.\n";
const lines = (r) => {
  assert.equal(r.code, 0, `exit code 0 (stderr: ${r.stderr})`);
  return r.stdout.trim().split("\n").map((l) => l.trim());
};

test("counts words case-insensitively, most frequent first, ties alphabetical", () => {
  assert.deepEqual(lines(runNode(CLI, [tempFile("t.txt", TEXT), "-n", "5"])), ["3 and", "3 the", "2 2", "2 cat's", "2 hat"]);
});

test("standard input works like a file", () => {
  assert.deepEqual(lines(runNode(CLI, ["-n", "3"], { input: TEXT })), ["3 and", "3 the", "2 2"]);
});

test("prints the top 10 by default", () => {
  const words = Array.from({ length: 15 }, (_, i) => `w${String(i).padStart(2, "0")} `.repeat(20 - i)).join("");
  const out = lines(runNode(CLI, [tempFile("many.txt", words)]));
  assert.equal(out.length, 10);
  assert.equal(out[0], "20 w00");
  assert.equal(out[9], "11 w09");
});

test("letters of other alphabets are words too", () => {
  assert.deepEqual(lines(runNode(CLI, [], { input: "Straße straße Ärger ärger ärger café" })), ["3 ärger", "2 straße", "1 café"]);
});

test("--help exits 0 with usage on stdout", () => {
  const r = runNode(CLI, ["--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /usage/i);
});

test("bad options exit 2 and an unreadable file exits 1, each with a message on stderr", () => {
  for (const args of [["--bogus"], ["-n", "zero"], ["-n", "-3"]]) {
    const r = runNode(CLI, args, { input: "a b" });
    assert.equal(r.code, 2, args.join(" "));
    assert.ok(r.stderr.trim(), `message on stderr for ${args.join(" ")}`);
  }
  const missing = runNode(CLI, ["/nonexistent/eval-words.txt"]);
  assert.equal(missing.code, 1);
  assert.ok(missing.stderr.trim());
});
