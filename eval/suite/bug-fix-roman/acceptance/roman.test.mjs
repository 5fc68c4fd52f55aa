import assert from "node:assert/strict";
import { before, test } from "node:test";
import { load } from "./support.mjs";

let roman;
before(async () => (roman = await load("src/roman.js")));

test("subtractive forms are written", () => {
  const cases = { 4: "IV", 9: "IX", 14: "XIV", 40: "XL", 90: "XC", 400: "CD", 900: "CM", 1994: "MCMXCIV", 2024: "MMXXIV", 3999: "MMMCMXCIX", 1: "I", 3888: "MMMDCCCLXXXVIII" };
  for (const [n, text] of Object.entries(cases)) assert.equal(roman.toRoman(Number(n)), text, `toRoman(${n})`);
});

test("subtractive forms are read", () => {
  const cases = { IV: 4, IX: 9, XLII: 42, XC: 90, CD: 400, CM: 900, MCMXCIV: 1994, MMMCMXCIX: 3999, LXVI: 66 };
  for (const [text, n] of Object.entries(cases)) assert.equal(roman.fromRoman(text), n, `fromRoman("${text}")`);
});

test("every number from 1 to 3999 round-trips", () => {
  for (let n = 1; n <= 3999; n++) assert.equal(roman.fromRoman(roman.toRoman(n)), n);
});

test("out-of-range numbers and non-numerals throw a RangeError", () => {
  for (const n of [0, -1, 4000, 1.5, NaN]) assert.throws(() => roman.toRoman(n), RangeError, String(n));
  for (const text of ["", "ABC", "iv", 42]) assert.throws(() => roman.fromRoman(text), RangeError, String(text));
});
