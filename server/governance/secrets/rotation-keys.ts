import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MASTER_KEY_BYTES, parseMasterKey } from "./key-format";
import { KEY_FILE_NAME, keyFileMasterKey, masterKeyFrom, type MasterKey } from "./master-key";

// Which keys `npm run secrets:rotate` rotates from and to. Old: AIOS_SECRET_KEY_OLD, else the key file.
// New: AIOS_SECRET_KEY, else (embedded mode) a generated key written beside the old file and swapped
// in only after the database committed, so a failed rotation leaves the working key in place.

export type RotationPlan = {
  from: MasterKey;
  to: MasterKey;
  /** After the re-encryption committed: puts a generated key in place (the old file kept as a backup). */
  finish(): string[];
  /** After a failure: removes a generated key that was never used. */
  abandon(): void;
};

type Input = { oldKey?: string; newKey?: string; mode: "embedded" | "server"; dataDir: string };

export class RotationSetupError extends Error {}

export function planRotation(input: Input): RotationPlan {
  const keyFile = join(input.dataDir, KEY_FILE_NAME);
  let from: MasterKey;
  if (input.oldKey) {
    const k = parseMasterKey(input.oldKey);
    if (!k) throw new RotationSetupError("AIOS_SECRET_KEY_OLD must be 32 bytes as base64 or 64 hex characters.");
    from = masterKeyFrom(k, "AIOS_SECRET_KEY_OLD");
  } else if (input.mode === "embedded" && existsSync(keyFile)) {
    from = keyFileMasterKey(input.dataDir);
  } else {
    throw new RotationSetupError(
      input.mode === "embedded"
        ? `Nothing to rotate from: there is no master key file at ${keyFile} (no provider key was stored here yet) and AIOS_SECRET_KEY_OLD is not set.`
        : "Set AIOS_SECRET_KEY_OLD to the master key the provider keys are encrypted under now.",
    );
  }

  if (input.newKey) {
    const k = parseMasterKey(input.newKey);
    if (!k) throw new RotationSetupError("AIOS_SECRET_KEY must be 32 bytes as base64 or 64 hex characters.");
    const to = masterKeyFrom(k, "AIOS_SECRET_KEY");
    if (to.id === from.id) throw new RotationSetupError("The old and the new master key are the same: put the new key in AIOS_SECRET_KEY.");
    return {
      from,
      to,
      finish: () => [
        input.mode === "server"
          ? "Restart every AIOS process with the new AIOS_SECRET_KEY and remove AIOS_SECRET_KEY_OLD."
          : "Restart AIOS with the new AIOS_SECRET_KEY and remove AIOS_SECRET_KEY_OLD.",
      ],
      abandon: () => {},
    };
  }
  if (input.mode === "server") {
    throw new RotationSetupError("Set AIOS_SECRET_KEY to the new master key (e.g. `openssl rand -base64 32`): in server mode every process must share it.");
  }
  const generated = randomBytes(MASTER_KEY_BYTES);
  const pending = `${keyFile}.new`;
  writeFileSync(pending, `${generated.toString("base64")}\n`, { mode: 0o600 });
  return {
    from,
    to: masterKeyFrom(generated, keyFile),
    finish: () => {
      const backup = `${keyFile}.old-${new Date().toISOString().replace(/[:.]/g, "-")}`;
      if (existsSync(keyFile)) renameSync(keyFile, backup);
      renameSync(pending, keyFile);
      return [`The new master key is in ${keyFile}; the previous one was kept as ${backup}. Delete it once AIOS runs with the new key.`];
    },
    abandon: () => rmSync(pending, { force: true }),
  };
}
