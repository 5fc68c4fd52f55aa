import "server-only";
import { AppError } from "@/server/errors";
import { open, seal } from "./cipher";
import { currentMasterKey, type MasterKey } from "./master-key";

// A provider key at rest: ciphertext, nonce and tag in their own columns, the master key's
// fingerprint beside them, and the associated data `${orgId}:${credentialId}` binding them to the row.

export type StoredProviderKey = {
  keyCiphertext: string | null;
  keyNonce: string | null;
  keyTag: string | null;
  masterKeyId: string | null;
};

export type CredentialRef = StoredProviderKey & { id: string; orgId: string; name: string };

export const ROTATE_REMEDY =
  "put the previous key in AIOS_SECRET_KEY_OLD and the new one in AIOS_SECRET_KEY, then run `npm run secrets:rotate` (or set AIOS_SECRET_KEY back to the previous key)";

export const associatedData = (orgId: string, credentialId: string) => `${orgId}:${credentialId}`;

export function sealProviderKey(orgId: string, credentialId: string, apiKey: string, key: MasterKey = currentMasterKey()) {
  const sealed = seal(key.key, apiKey, associatedData(orgId, credentialId));
  return { keyCiphertext: sealed.ciphertext, keyNonce: sealed.nonce, keyTag: sealed.tag, masterKeyId: key.id, keyHint: keyHint(apiKey) };
}

/** The plaintext key (null when none is stored); a changed master key or altered row gets a readable refusal. */
export function openProviderKey(row: CredentialRef, key: MasterKey = currentMasterKey()): string | null {
  if (!row.keyCiphertext) return null;
  if (row.masterKeyId !== key.id) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `The key of provider "${row.name}" was encrypted under a different master key: AIOS_SECRET_KEY changed without rotation. To fix it, ${ROTATE_REMEDY}.`,
    );
  }
  const plaintext = open(key.key, { ciphertext: row.keyCiphertext, nonce: row.keyNonce ?? "", tag: row.keyTag ?? "" }, associatedData(row.orgId, row.id));
  if (plaintext === null) {
    throw new AppError("PRECONDITION_FAILED", `The stored key of provider "${row.name}" failed its integrity check (it was altered): enter the API key again.`);
  }
  return plaintext;
}

/** What people see of a key: its kind prefix and last four characters ("sk-…abcd"); short keys show nothing of themselves. */
export function keyHint(apiKey: string): string {
  const prefix = /^[A-Za-z]{2,4}-/.exec(apiKey)?.[0] ?? "";
  return apiKey.length >= 16 ? `${prefix}…${apiKey.slice(-4)}` : `${prefix}…`;
}
