import "server-only";
import { db, keepOnRollback, type Tx } from "@/server/db";
import { AppError } from "@/server/errors";

/**
 * Fixed-window counter in Postgres, so every web process shares one limit. Throws 429 with the
 * wait time once `limit` attempts were made in the window.
 */
export async function rateLimit(key: string, limit: number, windowSeconds: number): Promise<void> {
  const row = await count(db, key, windowSeconds);
  // A mutation that fails is rolled back whole, and so would be this count: a failed attempt is
  // exactly what must keep counting, so it is written again after the rollback.
  keepOnRollback((tx) => count(tx, key, windowSeconds));
  if (row && Number(row.count) > limit) {
    const retryAt = row.windowStart.getTime() + windowSeconds * 1000;
    const minutes = Math.max(1, Math.ceil((retryAt - Date.now()) / 60_000));
    throw new AppError("TOO_MANY_REQUESTS", `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  }
}

async function count(client: Tx, key: string, windowSeconds: number) {
  const [row] = await client.$queryRaw<{ count: number; windowStart: Date }[]>`
    INSERT INTO "RateLimit" ("key", "windowStart", "count") VALUES (${key}, now(), 1)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."windowStart" < now() - make_interval(secs => ${windowSeconds}::int)
                THEN 1 ELSE "RateLimit"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimit"."windowStart" < now() - make_interval(secs => ${windowSeconds}::int)
                THEN now() ELSE "RateLimit"."windowStart" END
    RETURNING "count", "windowStart"`;
  return row;
}
