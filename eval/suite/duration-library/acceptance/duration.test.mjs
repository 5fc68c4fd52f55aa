import assert from "node:assert/strict";
import { before, test } from "node:test";
import { load } from "./support.mjs";

let lib;
before(async () => (lib = await load("lib/duration.js")));

test("parseDuration reads single and combined units", () => {
  const cases = { "1h30m": 5_400_000, "2d4h": 187_200_000, "1m30s": 90_000, "250ms": 250, "3d": 259_200_000, "45s": 45_000, "1h1m1s1ms": 3_661_001, "  10m  ": 600_000 };
  for (const [text, ms] of Object.entries(cases)) assert.equal(lib.parseDuration(text), ms, JSON.stringify(text));
});

test("parseDuration rejects what it cannot read with a TypeError", () => {
  for (const bad of ["", "   ", "10", "1x", "abc", "30m1h", "1h 30m", "-5m", "1.5h"]) {
    assert.throws(() => lib.parseDuration(bad), TypeError, JSON.stringify(bad));
  }
  for (const bad of [undefined, null, 42, {}]) assert.throws(() => lib.parseDuration(bad), TypeError, String(bad));
});

test("formatDuration writes units largest first, leaving out zeros", () => {
  const cases = [[5_400_000, "1h 30m"], [1500, "1s 500ms"], [0, "0s"], [187_200_000, "2d 4h"], [3_661_001, "1h 1m 1s 1ms"], [86_400_000, "1d"], [999, "999ms"]];
  for (const [ms, text] of cases) assert.equal(lib.formatDuration(ms), text, String(ms));
});

test("formatDuration rejects negative, fractional and non-finite numbers with a RangeError", () => {
  for (const bad of [-1, 1.5, Infinity, NaN]) assert.throws(() => lib.formatDuration(bad), RangeError, String(bad));
});

test("formatting then parsing gives the same number", () => {
  for (const ms of [1, 61_000, 90_061_001, 3_600_000]) assert.equal(lib.parseDuration(lib.formatDuration(ms).replaceAll(" ", "")), ms);
});
