// Display helpers for the Models page. Pure functions.

/** "$2.50", "$0.075", "$0" — dollars per million tokens, trailing zeros trimmed, at least cents. */
export function formatPrice(value: number): string {
  if (value === 0) return "$0";
  const fixed = value.toFixed(6).replace(/0+$/, "");
  const [whole, frac = ""] = fixed.split(".");
  return `$${Number(whole).toLocaleString("en")}.${frac.padEnd(2, "0")}`;
}

/** A price as an input's text: 0.2 → "0.20", 0.125 → "0.125", 3 → "3.00". */
export function priceText(value: number): string {
  const [whole, frac = ""] = value.toFixed(6).replace(/0+$/, "").split(".");
  return `${whole}.${frac.padEnd(2, "0")}`;
}

/** 128000 → "128K", 16384 → "16K", 1048576 → "1M", 200000 → "200K". */
export function formatTokens(value: number): string {
  // Limits set in powers of two (16384, 1048576) read as people say them: 16K, 1M.
  const powerOfTwo = Number.isInteger(value) && value > 0 && (value & (value - 1)) === 0;
  if (powerOfTwo && value >= 1_048_576) return `${value / 1_048_576}M`;
  if (powerOfTwo && value >= 1024) return `${value / 1024}K`;
  if (value >= 1_000_000) return `${trim(value / 1_000_000)}M`;
  if (value >= 1_000) return `${trim(value / 1_000)}K`;
  return String(value);
}

const trim = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1).replace(/\.0$/, ""));

/** A price field's text as a number; blank → null; anything else unparseable → NaN (the server names it). */
export function parsePrice(text: string): number | null {
  const t = text.trim().replace(/^\$/, "");
  if (t === "") return null;
  return /^\d*\.?\d+$|^\d+\.$/.test(t) ? Number(t) : Number.NaN;
}

/** A whole token count typed as "128000", "128k" or "1m"; blank → null. */
export function parseTokens(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/[,_\s]/g, "");
  if (t === "") return null;
  const m = /^(\d+(?:\.\d+)?)([km]?)$/.exec(t);
  if (!m) return Number.NaN;
  const n = Number(m[1]) * (m[2] === "k" ? 1_000 : m[2] === "m" ? 1_000_000 : 1);
  return Math.round(n);
}
