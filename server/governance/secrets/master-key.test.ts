import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { KEY_FILE_NAME, loadMasterKey, masterKeyFrom } from "./master-key";
import { keyHint, openProviderKey, sealProviderKey } from "./provider-key";

const dir = () => mkdtempSync(join(tmpdir(), "aios-master-key-"));

describe("the master key", () => {
  it("comes from AIOS_SECRET_KEY when set, in either mode", () => {
    const hex = randomBytes(32).toString("hex");
    const k = loadMasterKey({ secretKey: hex, mode: "server", dataDir: "/nonexistent", inMemory: false });
    expect(k).toMatchObject({ source: "AIOS_SECRET_KEY", key: Buffer.from(hex, "hex") });
  });

  it("is a generated key file (mode 0600) in embedded mode, the same on every load", () => {
    const dataDir = dir();
    const first = loadMasterKey({ mode: "embedded", dataDir, inMemory: false });
    const second = loadMasterKey({ mode: "embedded", dataDir, inMemory: false });
    expect("id" in first && "id" in second && first.id === second.id).toBe(true);
    expect(statSync(join(dataDir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, KEY_FILE_NAME), "utf8").trim()).toHaveLength(44);
  });

  it("names a damaged key file", () => {
    const dataDir = dir();
    writeFileSync(join(dataDir, KEY_FILE_NAME), "not a key");
    expect(() => loadMasterKey({ mode: "embedded", dataDir, inMemory: false })).toThrow(/secret-key is damaged/);
  });

  it("is missing in server mode without AIOS_SECRET_KEY, with the remedy", () => {
    const k = loadMasterKey({ mode: "server", dataDir: dir(), inMemory: false });
    expect(k).toEqual({ missing: expect.stringMatching(/set AIOS_SECRET_KEY/) });
  });
});

describe("provider keys at rest", () => {
  const a = masterKeyFrom(randomBytes(32), "a");
  const b = masterKeyFrom(randomBytes(32), "b");
  const row = (sealed: ReturnType<typeof sealProviderKey>, over = {}) => ({ id: "cred_1", orgId: "org_1", name: "OpenAI", ...sealed, ...over });

  it("opens under the key that sealed it, and says what to do when the master key changed", () => {
    const sealed = sealProviderKey("org_1", "cred_1", "sk-proj-abcdefghijklmnop1234", a);
    expect(sealed.keyHint).toBe("sk-…1234");
    expect(openProviderKey(row(sealed), a)).toBe("sk-proj-abcdefghijklmnop1234");
    const changed = (() => {
      try {
        openProviderKey(row(sealed), b);
      } catch (e) {
        return e;
      }
    })();
    expect(changed).toBeInstanceOf(AppError);
    expect((changed as AppError).message).toMatch(/different master key[\s\S]*npm run secrets:rotate/);
  });

  it("refuses a row moved to another credential or org, with a message and no crypto error", () => {
    const sealed = sealProviderKey("org_1", "cred_1", "sk-proj-abcdefghijklmnop1234", a);
    expect(() => openProviderKey(row(sealed, { id: "cred_2" }), a)).toThrow(/failed its integrity check/);
    expect(() => openProviderKey(row(sealed, { orgId: "org_2" }), a)).toThrow(/failed its integrity check/);
  });

  it("shows only a hint of a key", () => {
    expect(keyHint("sk-ant-api03-0123456789abcdef")).toBe("sk-…cdef");
    expect(keyHint("0123456789abcdefXYZW")).toBe("…XYZW");
    expect(keyHint("short-key")).toBe("…");
  });
});
