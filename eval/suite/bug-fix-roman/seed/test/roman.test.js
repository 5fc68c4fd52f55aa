import assert from "node:assert/strict";
import { test } from "node:test";
import { fromRoman, toRoman } from "../src/roman.js";

test("small numbers", () => {
  assert.equal(toRoman(1), "I");
  assert.equal(toRoman(3), "III");
  assert.equal(toRoman(8), "VIII");
  assert.equal(toRoman(2023), "MMXXIII");
});

test("reads what it writes for additive numerals", () => {
  assert.equal(fromRoman("MMXXIII"), 2023);
  assert.equal(fromRoman("LXVI"), 66);
});

test("out of range", () => {
  assert.throws(() => toRoman(0), RangeError);
  assert.throws(() => toRoman(4000), RangeError);
  assert.throws(() => fromRoman("ABC"), RangeError);
});
