import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KEY_FILE_NAME, keyFileMasterKey } from "./master-key";
import { planRotation } from "./rotation-keys";

const dir = () => mkdtempSync(join(tmpdir(), "aios-rotate-"));

describe("choosing the rotation's keys", () => {
  it("embedded: rotates the key file to a generated key, swapped in only when finished", () => {
    const dataDir = dir();
    const before = keyFileMasterKey(dataDir);
    const plan = planRotation({ mode: "embedded", dataDir });
    expect(plan.from.id).toBe(before.id);
    expect(plan.to.id).not.toBe(before.id);
    expect(keyFileMasterKey(dataDir).id).toBe(before.id); // not yet in place
    const notes = plan.finish();
    expect(keyFileMasterKey(dataDir).id).toBe(plan.to.id);
    expect(statSync(join(dataDir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    const backup = readdirSync(dataDir).find((f) => f.startsWith(`${KEY_FILE_NAME}.old-`))!;
    expect(readFileSync(join(dataDir, backup), "utf8").trim()).toBe(before.key.toString("base64"));
    expect(notes[0]).toMatch(/previous one was kept/);
  });

  it("embedded: an abandoned rotation leaves the old key file alone", () => {
    const dataDir = dir();
    const before = keyFileMasterKey(dataDir);
    planRotation({ mode: "embedded", dataDir }).abandon();
    expect(keyFileMasterKey(dataDir).id).toBe(before.id);
    expect(existsSync(join(dataDir, `${KEY_FILE_NAME}.new`))).toBe(false);
  });

  it("takes AIOS_SECRET_KEY_OLD and AIOS_SECRET_KEY when given, and names what is missing or wrong", () => {
    const oldKey = randomBytes(32).toString("base64");
    const newKey = randomBytes(32).toString("hex");
    const plan = planRotation({ mode: "server", dataDir: dir(), oldKey, newKey });
    expect([plan.from.source, plan.to.source]).toEqual(["AIOS_SECRET_KEY_OLD", "AIOS_SECRET_KEY"]);
    expect(() => planRotation({ mode: "server", dataDir: dir(), newKey })).toThrow(/Set AIOS_SECRET_KEY_OLD/);
    expect(() => planRotation({ mode: "server", dataDir: dir(), oldKey })).toThrow(/Set AIOS_SECRET_KEY to the new master key/);
    expect(() => planRotation({ mode: "server", dataDir: dir(), oldKey, newKey: oldKey })).toThrow(/are the same/);
    expect(() => planRotation({ mode: "server", dataDir: dir(), oldKey: "short", newKey })).toThrow(/AIOS_SECRET_KEY_OLD must be 32 bytes/);
  });
});
