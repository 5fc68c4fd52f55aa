// How long a provider asked us to wait (429 / 503). Pure: tested directly.

type Headers = Record<string, string | undefined> | undefined;

/**
 * Milliseconds from `retry-after-ms` (OpenAI), or `retry-after` as seconds (fractions allowed) or an
 * HTTP date; null when absent or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | null {
  if (!headers) return null;
  const get = (name: string) => {
    for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name && v !== undefined) return v.trim();
    return undefined;
  };
  const ms = get("retry-after-ms");
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.round(Number(ms));
  const value = get("retry-after");
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // An HTTP date names its month ("Wed, 21 Oct 2015 07:28:00 GMT"); a bare "-5" is no date.
  if (!/[a-z]{3}/i.test(value)) return null;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}
