// The worst case of a call's input, without a tokenizer. The providers' tokenizers are byte-level: a
// token is at least one byte of UTF-8, so the prompt's byte length is a true upper bound (≈ 4× the real
// count for English and code, ≈ 1.5× for CJK text). A budget must never be overrun, so admission holds
// the bound, not a guess; settlement charges the real cost and gives the rest back at once.
// Every part of the prompt counts: system text, messages (as serialised, keys included), tool schemas.

const PER_PART_OVERHEAD = 8;

export function estimateInputTokens(parts: unknown[]): number {
  let bytes = 0;
  let count = 0;
  for (const part of parts) {
    if (part === undefined || part === null) continue;
    bytes += Buffer.byteLength(typeof part === "string" ? part : safeJson(part), "utf8");
    count++;
  }
  return bytes + PER_PART_OVERHEAD * count;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

/** Rounds a dollar amount up to the 6 decimals the Budget columns hold, so a hold is never below the cost. */
export function ceilUsd(usd: number): number {
  // The small epsilon keeps an amount already on 6 decimals (0.000126 * 1e6 = 126.00000000000001) where it is.
  const micros = Math.ceil(Math.max(0, usd) * 1e6 - 1e-6);
  return micros > 0 ? micros / 1e6 : 0;
}
