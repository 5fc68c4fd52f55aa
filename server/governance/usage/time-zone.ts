import "server-only";
import { db, type Tx } from "@/server/db";
import { logger } from "@/server/observability/logger";

// The cost panel's days are the org's calendar days. Org.timeZone is read per call (every LlmCall
// adds to a rollup), so it is cached briefly; a changed zone applies within TTL_MS.
const TTL_MS = 60_000;
const cache = new Map<string, { tz: string; until: number }>();

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The org's IANA zone; an unknown zone counts as UTC (a bad setting must not lose cost rows). Inside a
 * transaction pass its client: the embedded database has one connection, which the transaction holds.
 */
export async function orgTimeZone(orgId: string, client: Tx = db): Promise<string> {
  const hit = cache.get(orgId);
  if (hit && hit.until > Date.now()) return hit.tz;
  const org = await client.org.findUnique({ where: { id: orgId }, select: { timeZone: true } });
  let tz = org?.timeZone ?? "UTC";
  if (!isTimeZone(tz)) {
    logger.warn({ orgId, timeZone: tz }, "org time zone is not a known IANA zone; usage days use UTC");
    tz = "UTC";
  }
  cache.set(orgId, { tz, until: Date.now() + TTL_MS });
  return tz;
}

/** Forget a cached zone (after the org's zone changed, before a rebuild). */
export function forgetOrgTimeZone(orgId: string): void {
  cache.delete(orgId);
}
