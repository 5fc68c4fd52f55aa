import "server-only";
import { db, type Tx } from "@/server/db";
import { PRICE_TABLE_SOURCE, tableModel } from "./price-table";
import { OFFLINE_SOURCE, type EnvModel } from "./types";

const OFFLINE_PRICE = { inputPerMTok: 0, outputPerMTok: 0, cachedReadPerMTok: 0, cacheWritePerMTok: 0 };

/**
 * Adds the environment's models (and the offline model) to an org's catalog, priced from the dated
 * table; entries already there are left alone (an admin may have edited them). Safe with concurrent
 * processes: only the process whose insert created an entry gives it its first price.
 */
export async function ensureCatalogSeeded(orgId: string, models: EnvModel[]): Promise<number> {
  if (models.length === 0) return 0;
  return db.$transaction(async (tx) => {
    const created = await tx.modelCatalogEntry.createManyAndReturn({
      data: models.map((m) => {
        const t = tableModel(m.provider, m.modelId);
        return {
          orgId,
          source: m.source,
          provider: m.provider,
          modelId: m.modelId,
          displayName: m.displayName,
          supportsVision: t?.vision ?? false,
          ...(t ? { contextWindow: t.contextWindow, maxOutputTokens: t.maxOutputTokens } : {}),
        };
      }),
      skipDuplicates: true,
      select: { id: true, source: true, provider: true, modelId: true },
    });
    for (const entry of created) await firstPrice(tx, orgId, entry);
    return created.length;
  });
}

async function firstPrice(tx: Tx, orgId: string, entry: { id: string; source: string; provider: string; modelId: string }) {
  const t = entry.source === OFFLINE_SOURCE ? OFFLINE_PRICE : tableModel(entry.provider, entry.modelId);
  if (!t) return; // unpriced: the catalog shows it so, and calls cost 0 until an admin sets a price
  const price = await tx.modelPrice.create({
    data: {
      orgId,
      entryId: entry.id,
      inputPerMTok: t.inputPerMTok,
      outputPerMTok: t.outputPerMTok,
      cachedReadPerMTok: t.cachedReadPerMTok,
      cacheWritePerMTok: t.cacheWritePerMTok,
      source: entry.source === OFFLINE_SOURCE ? "offline model (free)" : PRICE_TABLE_SOURCE,
    },
  });
  await tx.modelCatalogEntry.update({ where: { id: entry.id }, data: { currentPriceId: price.id } });
}

export { firstPrice as priceFromTable };
