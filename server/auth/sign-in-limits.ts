import "server-only";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { decide, signInPolicy, type Counter, type Counters, type Refusal } from "./sign-in-policy";

// The counters live in the shared RateLimit table (key, windowStart, count), so every web process
// enforces one limit. All three rows of an attempt are locked together in one transaction (in key
// order, so two attempts never deadlock): the check and the count cannot be split by a racing guess.

/** `source` identifies the pair's sender: a known device's id, else the IP (the network). */
export type SignInAttempt = { email: string; ip: string; source: string; known: boolean };
type Keys = { pair: string; source: string; email: string };

const keysOf = (a: SignInAttempt): Keys => ({
  pair: `sign-in:pair:${a.email}|${a.source}`,
  source: `sign-in:source:${a.ip}`,
  email: `sign-in:email:${a.email}`,
});

export const policy = () => signInPolicy(env.AIOS_AUTH_RATE_LIMIT);

/** Admits the attempt and counts it as a failure (undone by `signInSucceeded`), or says how long to wait. */
export async function admitSignIn(attempt: SignInAttempt): Promise<{ ok: true } | ({ ok: false } & Refusal)> {
  const keys = keysOf(attempt);
  const names = Object.values(keys).sort();
  const decision = await db.$transaction(async (tx) => {
    for (const key of names) {
      await tx.$executeRaw`INSERT INTO "RateLimit" ("key", "windowStart", "count") VALUES (${key}, now(), 0) ON CONFLICT ("key") DO NOTHING`;
    }
    await tx.$queryRaw`SELECT 1 FROM "RateLimit" WHERE "key" IN (${names[0]}, ${names[1]}, ${names[2]}) ORDER BY "key" FOR UPDATE`;
    const rows = await tx.rateLimit.findMany({ where: { key: { in: names } } });
    const read = (key: string): Counter => {
      const row = rows.find((r) => r.key === key);
      return row && row.count > 0 ? { count: row.count, since: row.windowStart } : null;
    };
    const counters: Counters = { pair: read(keys.pair), source: read(keys.source), email: read(keys.email) };
    const result = decide(policy(), counters, attempt.known, new Date());
    if (result.ok) {
      for (const name of ["pair", "source", "email"] as const) {
        const { count, since } = result.next[name];
        await tx.rateLimit.update({ where: { key: keys[name] }, data: { count, windowStart: since } });
      }
    }
    return result;
  });
  if (Math.random() < 0.02) await forgetStaleCounters();
  return decision.ok ? { ok: true } : decision;
}

/** A success clears the pair's back-off and takes the attempt back out of the shared counts. */
export async function signInSucceeded(attempt: SignInAttempt): Promise<void> {
  const keys = keysOf(attempt);
  // A known source's attempt was not counted against its network (see decide()).
  const counted = attempt.known ? [keys.email] : [keys.source, keys.email];
  await db.$transaction([
    db.rateLimit.deleteMany({ where: { key: keys.pair } }),
    db.rateLimit.updateMany({ where: { key: { in: counted }, count: { gt: 0 } }, data: { count: { decrement: 1 } } }),
  ]);
}

/** Counters from spraying would otherwise pile up: a day after their last use they mean nothing. */
async function forgetStaleCounters(): Promise<void> {
  const cutoff = new Date(Date.now() - policy().pairForgetSeconds * 1000);
  await db.rateLimit.deleteMany({ where: { key: { startsWith: "sign-in:" }, windowStart: { lt: cutoff } } });
}
