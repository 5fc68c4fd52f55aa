// The worst case of a call's input, without a tokenizer: about 3 characters per token is above what the
// providers' tokenizers count for English, code and JSON (≈ 4), so a hold is rarely below the real cost.
// Every part of the prompt counts: system text, messages, tool schemas.

const CHARS_PER_TOKEN = 3;
const PER_PART_OVERHEAD = 8;

export function estimateInputTokens(parts: unknown[]): number {
  let chars = 0;
  let count = 0;
  for (const part of parts) {
    if (part === undefined || part === null) continue;
    chars += typeof part === "string" ? part.length : safeLength(part);
    count++;
  }
  return Math.ceil(chars / CHARS_PER_TOKEN) + PER_PART_OVERHEAD * count;
}

function safeLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return 0;
  }
}

/** Rounds a dollar amount up to the 6 decimals the Budget columns hold, so a hold is never below the cost. */
export function ceilUsd(usd: number): number {
  // The small epsilon keeps an amount already on 6 decimals (0.000126 * 1e6 = 126.00000000000001) where it is.
  const micros = Math.ceil(Math.max(0, usd) * 1e6 - 1e-6);
  return micros > 0 ? micros / 1e6 : 0;
}
