import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, seal, type Sealed } from "./cipher";

const key = randomBytes(32);
const AD = "org_1:cred_1";

/** Flips one bit of a base64 field. */
function flip(field: string, byte = 0): string {
  const b = Buffer.from(field, "base64");
  b[byte] = b[byte]! ^ 0x01;
  return b.toString("base64");
}

describe("AES-256-GCM sealing", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = seal(key, "sk-live-0123456789abcdef", AD);
    expect(open(key, sealed, AD)).toBe("sk-live-0123456789abcdef");
    expect(JSON.stringify(sealed)).not.toContain("sk-live");
    expect(Buffer.from(sealed.nonce, "base64")).toHaveLength(12);
    expect(Buffer.from(sealed.tag, "base64")).toHaveLength(16);
  });

  it("refuses a tampered ciphertext, nonce, tag or associated data, and the wrong key", () => {
    const sealed = seal(key, "sk-live-0123456789abcdef", AD);
    const tampered: Sealed[] = [
      { ...sealed, ciphertext: flip(sealed.ciphertext) },
      { ...sealed, ciphertext: flip(sealed.ciphertext, 5) },
      { ...sealed, nonce: flip(sealed.nonce) },
      { ...sealed, nonce: flip(sealed.nonce, 11) },
      { ...sealed, tag: flip(sealed.tag) },
      { ...sealed, nonce: "" },
      { ...sealed, tag: Buffer.from(sealed.tag, "base64").subarray(0, 8).toString("base64") }, // a truncated tag
      { ...sealed, ciphertext: "" },
    ];
    for (const t of tampered) expect(open(key, t, AD)).toBeNull();
    expect(open(key, sealed, "org_1:cred_2")).toBeNull(); // moved to another credential
    expect(open(key, sealed, "org_2:cred_1")).toBeNull(); // or another org
    expect(open(randomBytes(32), sealed, AD)).toBeNull();
  });

  it("repeats no nonce in 100,000 encryptions", () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 100_000; i++) nonces.add(seal(key, "x", AD).nonce);
    expect(nonces.size).toBe(100_000);
  }, 120_000); // about 2 s alone; generous for a loaded CI machine

  it("rotation round-trips: open under the old key, seal under the new, open again", () => {
    const next = randomBytes(32);
    const before = seal(key, "sk-ant-api03-secret", AD);
    const after = seal(next, open(key, before, AD)!, AD);
    expect(open(next, after, AD)).toBe("sk-ant-api03-secret");
    expect(open(key, after, AD)).toBeNull();
  });
});
