import { describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey, isApiKeyFormat, maskApiKey } from "./secret";

describe("API key secrets", () => {
  it("are aios_sk_ and 32 random bytes, hashed with a keyed HMAC and masked for display", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const { secret, hash, prefix } = generateApiKey();
      expect(isApiKeyFormat(secret)).toBe(true);
      expect(Buffer.from(secret.slice("aios_sk_".length), "base64url")).toHaveLength(32);
      expect(hash).toBe(hashApiKey(secret));
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(prefix).toBe(maskApiKey(secret));
      expect(prefix).toMatch(/^aios_sk_.{4}….{4}$/);
      seen.add(secret);
    }
    expect(seen.size).toBe(1000);
  });

  it("rejects anything else as a key", () => {
    const { secret } = generateApiKey();
    for (const bad of ["", "aios_sk_", secret.slice(0, -1), `${secret}x`, secret.replace("aios_sk_", "aios_pk_"), `${secret.slice(0, -1)}+`, ` ${secret}`]) {
      expect(isApiKeyFormat(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it("hashes under a pepper: not a plain SHA-256 of the secret", async () => {
    const { createHash } = await import("node:crypto");
    const { secret, hash } = generateApiKey();
    expect(hash).not.toBe(createHash("sha256").update(secret).digest("hex"));
  });
});
