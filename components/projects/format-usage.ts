// Money and token counts as the project page shows them.

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

export function formatTokens(tokens: number): string {
  return tokens < 1000 ? `${tokens}` : compact.format(tokens);
}

/** Agent steps cost fractions of a cent: keep two significant digits below a dollar. */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd) || usd === 0) return "$0.00";
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd >= 0.01) return `$${usd.toFixed(3)}`;
  return `$${usd.toPrecision(2)}`;
}
