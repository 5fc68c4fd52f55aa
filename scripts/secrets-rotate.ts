// `npm run secrets:rotate`: re-encrypts every stored provider key under a new master key, in one
// transaction. Old key: AIOS_SECRET_KEY_OLD, else the key file in the data folder (embedded mode).
// New key: AIOS_SECRET_KEY, else (embedded mode) a generated one that replaces the key file.
// Embedded mode: stop AIOS first (the data folder is single-process).
import { closeDatabase, db } from "@/server/db";
import { env } from "@/server/env";
import { planRotation, rotateProviderKeys, RotationSetupError } from "@/server/governance/secrets";

async function main(): Promise<number> {
  let plan;
  try {
    plan = planRotation({ oldKey: env.AIOS_SECRET_KEY_OLD, newKey: env.AIOS_SECRET_KEY, mode: env.mode, dataDir: env.dataDir });
  } catch (err) {
    if (err instanceof RotationSetupError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  console.log(`Rotating provider keys from master key ${plan.from.id} (${plan.from.source}) to ${plan.to.id} (${plan.to.source})…`);
  try {
    const { rotated, alreadyCurrent } = await rotateProviderKeys(db, plan.from, plan.to);
    console.log(`Re-encrypted ${rotated} provider key(s); ${alreadyCurrent} already under the new key.`);
  } catch (err) {
    plan.abandon();
    // Our messages name the credential and the remedy; nothing was changed.
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  }
  for (const line of plan.finish()) console.log(line);
  return 0;
}

main()
  .then(async (code) => {
    await closeDatabase();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    await closeDatabase().catch(() => {});
    process.exit(1);
  });
