import "server-only";

// What the request log may show of a URL: secrets in paths (invite links) and in query strings
// (OAuth codes and state, tokens, keys) are replaced, also inside a callbackUrl that carries them.

const REDACTED = "[redacted]";
const SECRET_PARAM = /token|code|secret|key|pass(word)?|state|signature|credential|session|otp|nonce/i;
const SECRET_PATHS = [/^(\/invite\/)[^/?#]+/, /^(\/api\/auth\/invite\/)[^/?#]+/];
const MAX_VALUE = 120;

export function redactPath(path: string): string {
  for (const re of SECRET_PATHS) path = path.replace(re, `$1${REDACTED}`);
  return path;
}

/** Returns the value as it may appear in the log line (already URL-encoded where it is kept). */
function redactValue(name: string, value: string, depth: number): string {
  if (SECRET_PARAM.test(name)) return REDACTED;
  // A nested URL (callbackUrl, redirect_uri) may carry its own token.
  if (depth < 2 && (value.startsWith("/") || /^https?:\/\//i.test(value))) return encodeURIComponent(redactUrl(value, depth + 1));
  // Structured values (tRPC's `input` JSON) can hold anything, invite tokens included: length only.
  if (/^[[{]/.test(value) || value.length > MAX_VALUE) return `[${value.length} characters]`;
  return encodeURIComponent(value);
}

/** Redacts a request URL (path + query) or an absolute URL for logging. */
export function redactUrl(url: string, depth = 0): string {
  let parsed: URL;
  const absolute = /^https?:\/\//i.test(url);
  try {
    parsed = new URL(url, "http://log.invalid");
  } catch {
    return REDACTED;
  }
  const query = [...parsed.searchParams].map(([name, value]) => `${encodeURIComponent(name)}=${redactValue(name, value, depth)}`);
  const search = query.length ? `?${query.join("&")}` : "";
  return `${absolute ? parsed.origin : ""}${redactPath(parsed.pathname)}${search}`;
}
