import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../bin/cli.js", import.meta.url));
const dataFile = () => join(mkdtempSync(join(tmpdir(), "cli-")), "data.json");
const run = (data, ...args) => spawnSync(process.execPath, [BIN, ...args, "--data", data], { encoding: "utf8" });

test("add, list, show and remove through the command line", () => {
  const data = dataFile();
  assert.match(run(data, "add", "Buy", "milk", "--tag", "home").stdout, /^Added 1: Buy milk/);
  run(data, "add", "Call Ada", "--notes", "about the engine");
  assert.equal(run(data, "list").stdout, "1\tBuy milk\t#home\n2\tCall Ada\n");
  assert.match(run(data, "show", "2").stdout, /about the engine/);
  assert.match(run(data, "remove", "1").stdout, /Removed 1/);
  assert.deepEqual(
    JSON.parse(run(data, "list", "--json").stdout).map((i) => i.title),
    ["Call Ada"],
  );
});

test("errors exit non-zero with a message", () => {
  const data = dataFile();
  const empty = run(data, "add");
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /title is required/);
  assert.equal(run(data, "show", "9").status, 1);
  assert.equal(run(data, "frobnicate").status, 2);
  assert.equal(run(data, "list", "--bogus").status, 2);
});
