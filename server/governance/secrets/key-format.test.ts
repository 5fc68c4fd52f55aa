import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { masterKeyId, parseMasterKey } from "./key-format";

describe("master key text", () => {
  it("accepts 32 bytes as base64, base64url or 64 hex characters", () => {
    const bytes = randomBytes(32);
    expect(parseMasterKey(bytes.toString("base64"))).toEqual(bytes);
    expect(parseMasterKey(bytes.toString("base64url"))).toEqual(bytes);
    expect(parseMasterKey(` ${bytes.toString("hex")}\n`)).toEqual(bytes);
  });

  it("refuses other lengths and other text", () => {
    expect(parseMasterKey(randomBytes(16).toString("base64"))).toBeNull();
    expect(parseMasterKey(randomBytes(48).toString("base64"))).toBeNull();
    expect(parseMasterKey(randomBytes(31).toString("hex"))).toBeNull();
    expect(parseMasterKey("correct horse battery staple correct horse ba")).toBeNull();
    expect(parseMasterKey("")).toBeNull();
  });

  it("fingerprints keys without revealing them", () => {
    const a = randomBytes(32);
    expect(masterKeyId(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(masterKeyId(a)).toBe(masterKeyId(Buffer.from(a)));
    expect(masterKeyId(a)).not.toBe(masterKeyId(randomBytes(32)));
    expect(a.toString("hex")).not.toContain(masterKeyId(a));
  });
});
