import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { currentMasterKey, masterKeyFrom, openProviderKey, rotateProviderKeys } from "@/server/governance";
import { recordSecret } from "@/tests/helpers/secret-registry";
import { callerAs, orgWithRoles, type OrgFixture } from "./fixtures";

// Master-key rotation over the real database: every stored provider key re-encrypted in one
// transaction and back again; a key under an unknown master key stops it with nothing changed.

const KEY = "sk-ant-rotation-test-0123456789abcdef";
recordSecret("secret", KEY);

let fx: OrgFixture;
let credentialId: string;

beforeAll(async () => {
  fx = await orgWithRoles();
  const admin = await callerAs(await fx.people.owner.principal());
  credentialId = (await admin.models.addProvider({ orgId: fx.org.id, kind: "anthropic", name: "Anthropic", apiKey: KEY })).id;
});

const row = () => db.providerCredential.findUniqueOrThrow({ where: { id: credentialId } });

describe("master-key rotation", () => {
  it("round-trips: to a new key and back, the provider key intact, the old key named when used after", async () => {
    const current = currentMasterKey();
    const next = masterKeyFrom(randomBytes(32), "test");
    const before = await row();

    const there = await rotateProviderKeys(db, current, next);
    expect(there.rotated).toBeGreaterThanOrEqual(1);
    const rotated = await row();
    expect(rotated.masterKeyId).toBe(next.id);
    expect(rotated.keyCiphertext).not.toBe(before.keyCiphertext);
    expect(openProviderKey(rotated, next)).toBe(KEY);
    expect(() => openProviderKey(rotated, current)).toThrow(/different master key[\s\S]*npm run secrets:rotate/);

    // Running it again changes nothing; rotating back restores the process's key.
    expect((await rotateProviderKeys(db, current, next)).rotated).toBe(0);
    const back = await rotateProviderKeys(db, next, current);
    expect(back.rotated).toBe(there.rotated);
    expect(openProviderKey(await row(), current)).toBe(KEY);
  });

  it("stops with nothing changed when a key is under a master key that is neither old nor new", async () => {
    const current = currentMasterKey();
    const next = masterKeyFrom(randomBytes(32), "test");
    const stray = await db.providerCredential.create({
      data: { orgId: fx.org.id, kind: "openai", name: "Stray", baseUrl: "https://api.openai.com/v1", keyCiphertext: "AAAA", keyNonce: "AAAA", keyTag: "AAAA", masterKeyId: "ffffffffffffffff" },
    });
    try {
      const before = await row();
      await expect(rotateProviderKeys(db, current, next)).rejects.toThrow(/provider "Stray" .* neither the old nor the new one; nothing was changed/);
      expect(await row()).toEqual(before);
    } finally {
      await db.providerCredential.delete({ where: { id: stray.id } });
    }
  });
});
