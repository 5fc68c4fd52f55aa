import "server-only";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { MASTER_KEY_BYTES, masterKeyId, parseMasterKey } from "./key-format";

export type MasterKey = { id: string; key: Buffer; source: string };

export const KEY_FILE_NAME = "secret-key";

export function masterKeyFrom(key: Buffer, source: string): MasterKey {
  return { id: masterKeyId(key), key, source };
}

/** The key in `<dataDir>/secret-key`, created (mode 0600) on first use; exclusive create, so concurrent starts agree. */
export function keyFileMasterKey(dataDir: string): MasterKey {
  const file = join(dataDir, KEY_FILE_NAME);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, `${randomBytes(MASTER_KEY_BYTES).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  chmodSync(file, 0o600);
  const key = parseMasterKey(readFileSync(file, "utf8"));
  if (!key) throw new Error(`The master key file ${file} is damaged: it must hold 32 bytes as base64. Restore it from a backup.`);
  return masterKeyFrom(key, file);
}

type Source = { secretKey?: string; mode: "embedded" | "server"; dataDir: string; inMemory: boolean };

/** Where the master key comes from, or why there is none (server mode without AIOS_SECRET_KEY). */
export function loadMasterKey(src: Source): MasterKey | { missing: string } {
  if (src.secretKey) {
    const key = parseMasterKey(src.secretKey);
    // server/env.ts validated it already; this guards callers that pass their own values.
    if (!key) throw new Error("AIOS_SECRET_KEY must be 32 bytes as base64 or 64 hex characters.");
    return masterKeyFrom(key, "AIOS_SECRET_KEY");
  }
  // Several server processes must share one key, and a file on one machine is not shared: refuse.
  if (src.mode === "server") {
    return {
      missing:
        "Provider keys cannot be stored: set AIOS_SECRET_KEY (32 random bytes, e.g. `openssl rand -base64 32`) in every AIOS process's environment and restart.",
    };
  }
  if (src.inMemory) return (memoryKey ??= masterKeyFrom(randomBytes(MASTER_KEY_BYTES), "memory"));
  return keyFileMasterKey(src.dataDir);
}

let memoryKey: MasterKey | undefined;
const g = globalThis as { __aiosMasterKey?: MasterKey | { missing: string } };

function processKey(): MasterKey | { missing: string } {
  return (g.__aiosMasterKey ??= loadMasterKey({
    secretKey: env.AIOS_SECRET_KEY,
    mode: env.mode,
    dataDir: env.dataDir,
    inMemory: env.AIOS_DATA_DIR === "memory://",
  }));
}

/** This process's master key; a readable refusal when there is none. */
export function currentMasterKey(): MasterKey {
  const k = processKey();
  if ("missing" in k) throw new AppError("PRECONDITION_FAILED", k.missing);
  return k;
}

/** Whether provider keys can be stored here, and if not, why (for the Admin → Models page). */
export function keyStorageStatus(): { canStoreKeys: boolean; message: string | null } {
  const k = processKey();
  return "missing" in k ? { canStoreKeys: false, message: k.missing } : { canStoreKeys: true, message: null };
}
