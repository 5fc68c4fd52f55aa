import "server-only";
import type { PrismaClient } from "@/server/db";
import { open, seal } from "./cipher";
import type { MasterKey } from "./master-key";
import { associatedData } from "./provider-key";

export type RotationResult = { rotated: number; alreadyCurrent: number };

/**
 * Re-encrypts every stored provider key from `from` to `to` in one transaction: all or nothing. Rows
 * already under `to` are skipped, so running it twice is harmless; a row under a third key, or one
 * that fails its integrity check, stops the rotation with its name and changes nothing.
 */
export async function rotateProviderKeys(db: PrismaClient, from: MasterKey, to: MasterKey): Promise<RotationResult> {
  return db.$transaction(
    async (tx) => {
      const rows = await tx.providerCredential.findMany({ where: { keyCiphertext: { not: null } }, orderBy: { id: "asc" } });
      let rotated = 0;
      let alreadyCurrent = 0;
      for (const row of rows) {
        if (row.masterKeyId === to.id) {
          alreadyCurrent++;
          continue;
        }
        const where = `provider "${row.name}" (${row.id}) of org ${row.orgId}`;
        if (row.masterKeyId !== from.id) {
          throw new Error(`The key of ${where} was encrypted under a master key that is neither the old nor the new one; nothing was changed.`);
        }
        const ad = associatedData(row.orgId, row.id);
        const plaintext = open(from.key, { ciphertext: row.keyCiphertext!, nonce: row.keyNonce ?? "", tag: row.keyTag ?? "" }, ad);
        if (plaintext === null) throw new Error(`The stored key of ${where} failed its integrity check; nothing was changed. Enter that key again in Admin → Models.`);
        const sealed = seal(to.key, plaintext, ad);
        await tx.providerCredential.update({
          where: { id: row.id },
          data: { keyCiphertext: sealed.ciphertext, keyNonce: sealed.nonce, keyTag: sealed.tag, masterKeyId: to.id },
        });
        rotated++;
      }
      return { rotated, alreadyCurrent };
    },
    { timeout: 5 * 60_000, maxWait: 60_000 },
  );
}
