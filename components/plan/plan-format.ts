// Display formats for plans: money, token counts and durations.

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

/** "$1.23"; amounts that round to nothing but are not nothing read "< $0.01". */
export function formatUsd(amount: number): string {
  if (amount > 0 && amount < 0.005) return "< $0.01";
  return usd.format(amount);
}

/** "12.5K tokens" */
export function formatTokens(tokens: number): string {
  return `${compact.format(tokens)} tokens`;
}

/** "45 min", "1 h 20 min" */
export function formatMinutes(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return rest ? `${h} h ${rest} min` : `${h} h`;
}
