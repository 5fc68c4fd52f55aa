// Secret masking for model traces: what a prompt or an answer may carry that must never be shown again —
// API keys (ours, providers'), bearer tokens, private keys, passwords in URLs, and the values of the
// server's own secrets. Pure: the caller passes the secret values it knows (envSecrets() in secrets.ts).

export const MASK = "[masked]";

// Shapes that are secrets whoever minted them. Each keeps a short, harmless prefix so a reader can tell
// what kind of secret was there.
const SHAPES: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, `-----PRIVATE KEY ${MASK}-----`],
  [/\baios_sk_[A-Za-z0-9_-]{16,}/g, `aios_sk_${MASK}`],
  [/\bsk-(ant-|proj-|or-v1-)?[A-Za-z0-9_-]{16,}/g, `sk-$1${MASK}`],
  [/\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]{20,}/g, `$1${MASK}`],
  [/\bglpat-[A-Za-z0-9_-]{16,}/g, `glpat-${MASK}`],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/g, `xox-${MASK}`],
  [/\bAKIA[0-9A-Z]{16}\b/g, `AKIA${MASK}`],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, `AIza${MASK}`],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_.-]{8,}/g, `eyJ${MASK}`],
  [/\b(Bearer|Basic|Token)(\s+)[A-Za-z0-9._~+/=-]{8,}/gi, `$1$2${MASK}`],
  // user:password@host in a URL: the password goes, the rest stays readable.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${MASK}@`],
  // key=value and "key": "value" forms of obviously secret names.
  [/\b((?:api[_-]?key|apikey|secret|password|passwd|access[_-]?token|auth[_-]?token|client[_-]?secret)["']?\s*[:=]\s*["']?)[^\s"',;&]{4,}/gi, `$1${MASK}`],
];

/** Object keys whose string values are masked whole (tool inputs like { "apiKey": "…" }). */
export const SECRET_FIELD = /^(api[_-]?key|apikey|x-api-key|password|passwd|secret|client[_-]?secret|access[_-]?token|refresh[_-]?token|auth[_-]?token|token|authorization|cookie|private[_-]?key)$/i;

/** Secret values shorter than this are not searched for: masking "abc" everywhere would shred the text. */
const MIN_KNOWN = 8;

export function maskText(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const value of known) {
    if (value.length >= MIN_KNOWN && out.includes(value)) out = out.split(value).join(MASK);
  }
  for (const [re, replacement] of SHAPES) out = out.replace(re, replacement);
  return out;
}
