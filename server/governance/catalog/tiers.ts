import "server-only";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { CatalogTier } from "./types";

/** Refuses to disable or remove models a tier uses: a person first picks another model for that tier. */
export async function refuseIfTierUses(orgId: string, entryIds: string[], doing: string): Promise<void> {
  if (entryIds.length === 0) return;
  const used = await db.tierAssignment.findMany({ where: { orgId, entryId: { in: entryIds } }, orderBy: { tier: "asc" } });
  if (used.length === 0) return;
  const tiers = used.map((u) => u.tier as CatalogTier);
  const named = tiers.length === 1 ? `the ${tiers[0]} tier uses it` : `the ${tiers.join(" and ")} tiers use it`;
  throw new AppError("CONFLICT", `Cannot ${doing}: ${named}. Choose another model for ${tiers.length === 1 ? "that tier" : "those tiers"} first.`);
}
