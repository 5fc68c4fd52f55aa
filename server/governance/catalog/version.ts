import "server-only";
import { db, type Tx } from "@/server/db";

/** Every change to providers, models, prices or tiers bumps this; each process re-reads its routing when it moves. */
export async function bumpCatalogVersion(orgId: string, client: Tx = db): Promise<number> {
  const org = await client.org.update({ where: { id: orgId }, data: { catalogVersion: { increment: 1 } }, select: { catalogVersion: true } });
  return org.catalogVersion;
}

/** The org's catalog version (one primary-key read per model call); null for an org that does not exist. */
export async function catalogVersionOf(orgId: string): Promise<number | null> {
  const org = await db.org.findUnique({ where: { id: orgId }, select: { catalogVersion: true } });
  return org?.catalogVersion ?? null;
}
