import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// AES-256-GCM with a random 96-bit nonce per encryption (NIST SP 800-38D's recommended IV length;
// with random nonces a key is good for far more than the 2^32 encryptions one org could ever make).
// Associated data binds a ciphertext to its row: moved to another org or credential, it fails.

export type Sealed = { ciphertext: string; nonce: string; tag: string };

const ALGORITHM = "aes-256-gcm";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function seal(key: Buffer, plaintext: string, associatedData: string): Sealed {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { ciphertext: ciphertext.toString("base64"), nonce: nonce.toString("base64"), tag: cipher.getAuthTag().toString("base64") };
}

/** The plaintext, or null when anything (key, ciphertext, nonce, tag, associated data) does not match. */
export function open(key: Buffer, sealed: Sealed, associatedData: string): string | null {
  try {
    const nonce = Buffer.from(sealed.nonce, "base64");
    const tag = Buffer.from(sealed.tag, "base64");
    if (nonce.length !== NONCE_BYTES || tag.length !== TAG_BYTES) return null;
    const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, "base64")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
