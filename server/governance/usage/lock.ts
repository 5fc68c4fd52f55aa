import "server-only";
import { Prisma } from "@/server/db";

// Every rollup increment holds a shared advisory lock on its org; a rebuild holds it exclusively,
// so a rebuild never races a live call (the call either lands before the rebuild reads LlmCall, or
// adds to the rebuilt rows after it commits). Shared advisory locks are in-memory: no row contention.
const LOCK_CLASS = 7_424_001;

export const sharedUsageLock = (orgId: string) => Prisma.sql`pg_advisory_xact_lock_shared(${LOCK_CLASS}::int4, hashtext(${orgId}))`;
export const exclusiveUsageLock = (orgId: string) => Prisma.sql`pg_advisory_xact_lock(${LOCK_CLASS}::int4, hashtext(${orgId}))`;
