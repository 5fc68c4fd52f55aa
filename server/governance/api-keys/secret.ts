import "server-only";
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { authSecret, env } from "@/server/env";

// API key secrets: `aios_sk_` + 32 random bytes in base64url (256 bits). Only an HMAC-SHA-256 of the
// secret under a server pepper is stored: a stolen database alone cannot be used to check guesses, and
// the hash is a plain unique-index lookup (a keyed hash, not a slow password hash: the secret is random).

export const API_KEY_PREFIX = "aios_sk_";
const RANDOM_BYTES = 32;
const FORMAT = /^aios_sk_[A-Za-z0-9_-]{43}$/;

/** True for a string shaped like a key this server issues (the same shape AIOS_INIT_API_KEY must have). */
export function isApiKeyFormat(s: string): boolean {
  return FORMAT.test(s);
}

let pepper: Buffer | null = null;

/**
 * AIOS_API_KEY_PEPPER when set; otherwise derived (HKDF-SHA-256) from the auth secret, so embedded mode
 * needs no setup. Derived, not reused: the session-signing secret and the key pepper stay independent.
 */
function apiKeyPepper(): Buffer {
  if (!pepper) {
    const ikm = env.AIOS_API_KEY_PEPPER ?? authSecret();
    pepper = Buffer.from(hkdfSync("sha256", ikm, "aios", "aios api key pepper v1", 32));
  }
  return pepper;
}

/** The stored form of a secret: hex HMAC-SHA-256 under the pepper. */
export function hashApiKey(secret: string): string {
  return createHmac("sha256", apiKeyPepper()).update(secret, "utf8").digest("hex");
}

/** Constant-time equality of two stored hashes (both hex of the same length). */
export function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** What the UI shows: a few characters of each end of the random part, never enough to guess. */
export function maskApiKey(secret: string): string {
  const random = secret.slice(API_KEY_PREFIX.length);
  return `${API_KEY_PREFIX}${random.slice(0, 4)}…${random.slice(-4)}`;
}

export function generateApiKey(): { secret: string; hash: string; prefix: string } {
  const secret = API_KEY_PREFIX + randomBytes(RANDOM_BYTES).toString("base64url");
  return { secret, hash: hashApiKey(secret), prefix: maskApiKey(secret) };
}
