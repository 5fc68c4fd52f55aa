// Roman numerals for 1 to 3999.

const SYMBOLS = [
  ["M", 1000],
  ["D", 500],
  ["C", 100],
  ["L", 50],
  ["X", 10],
  ["V", 5],
  ["I", 1],
];

const VALUE = Object.fromEntries(SYMBOLS);

export function toRoman(n) {
  if (!Number.isInteger(n) || n < 1 || n > 3999) throw new RangeError(`${n} is not an integer from 1 to 3999`);
  let out = "";
  for (const [symbol, value] of SYMBOLS) {
    while (n >= value) {
      out += symbol;
      n -= value;
    }
  }
  return out;
}

export function fromRoman(text) {
  if (typeof text !== "string" || !/^[MDCLXVI]+$/.test(text)) throw new RangeError(`"${text}" is not a Roman numeral`);
  let total = 0;
  for (const ch of text) total += VALUE[ch];
  if (total > 3999) throw new RangeError(`"${text}" is larger than 3999`);
  return total;
}
