// The master key's text form, shared by server/env.ts (validation) and the key ring. No imports of
// env or the database here: env.ts imports this file.
import { createHash } from "node:crypto";

export const MASTER_KEY_BYTES = 32;
export const MASTER_KEY_FORMAT = "must be 32 random bytes as base64 (openssl rand -base64 32) or as 64 hex characters (openssl rand -hex 32)";

/** The 32 key bytes, or null when the text is neither 64 hex characters nor base64 of 32 bytes. */
export function parseMasterKey(text: string): Buffer | null {
  const t = text.trim();
  // Hex first: 64 hex characters are also valid base64 (of 48 bytes).
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, "hex");
  if (!/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(t)) return null;
  const bytes = Buffer.from(t.replaceAll("-", "+").replaceAll("_", "/"), "base64");
  return bytes.length === MASTER_KEY_BYTES ? bytes : null;
}

/**
 * A short public fingerprint stored beside each ciphertext, so a changed master key is recognised and
 * named instead of surfacing as an authentication-tag failure. Domain-separated: it reveals nothing usable.
 */
export function masterKeyId(key: Buffer): string {
  return createHash("sha256").update("aios master key id\0").update(key).digest("hex").slice(0, 16);
}
