import "server-only";
import { db, type ModelPriceModel as ModelPrice } from "@/server/db";
import { openProviderKey } from "../secrets";
import { CATALOG_TIERS, type CatalogTier, type PriceData, type ProviderKind } from "./types";

// What the gateway needs to route an org's calls, read in one go and cached per process until the
// org's catalogVersion moves. Keys are opened only for credentials a tier actually uses.

export type RouteCredential = { id: string; kind: ProviderKind; name: string; baseUrl: string; apiKey: string | null; version: number };

export type RouteEntry = {
  entryId: string;
  source: string;
  provider: string;
  modelId: string;
  displayName: string;
  contextWindow: number;
  maxOutputTokens: number;
  price: PriceData | null;
  credential: RouteCredential | null;
};

/** A tier's assignment, or why it cannot be used (the gateway then refuses, or falls back to the environment). */
export type TierRoute = { entry: RouteEntry } | { unusable: string; refuse: boolean };

export type OrgRouting = {
  tiers: Partial<Record<CatalogTier, TierRoute>>;
  /** The environment's and the offline model's entries by `${source}|${modelId}`, for pricing the environment's tiers. */
  envEntries: Map<string, RouteEntry>;
};

export const envEntryKey = (source: string, modelId: string) => `${source}|${modelId}`;

const priceData = (p: ModelPrice | undefined): PriceData | null =>
  p
    ? {
        priceId: p.id,
        inputPerMTok: Number(p.inputPerMTok),
        outputPerMTok: Number(p.outputPerMTok),
        cachedReadPerMTok: Number(p.cachedReadPerMTok),
        cacheWritePerMTok: Number(p.cacheWritePerMTok),
      }
    : null;

export async function loadRouting(orgId: string): Promise<OrgRouting> {
  const assignments = await db.tierAssignment.findMany({ where: { orgId } });
  const assigned = assignments.map((a) => a.entryId);
  const entries = await db.modelCatalogEntry.findMany({
    where: { orgId, OR: [{ source: "offline" }, { source: { startsWith: "env:" } }, { id: { in: assigned } }] },
    include: { credential: true },
  });
  const prices = await currentPrices(entries);
  const base = (e: (typeof entries)[number]) => baseEntry(e, prices);

  const envEntries = new Map<string, RouteEntry>();
  for (const e of entries) if (!e.credentialId) envEntries.set(envEntryKey(e.source, e.modelId), base(e));

  const byId = new Map(entries.map((e) => [e.id, e]));
  const tiers: OrgRouting["tiers"] = {};
  for (const a of assignments) {
    const tier = a.tier as CatalogTier;
    if (!CATALOG_TIERS.includes(tier)) continue;
    const e = byId.get(a.entryId);
    if (!e) tiers[tier] = { unusable: "its model was removed", refuse: false };
    else if (!e.enabled) tiers[tier] = { unusable: `${e.modelId} is disabled`, refuse: false };
    else if (e.credential && !e.credential.enabled) tiers[tier] = { unusable: `provider "${e.credential.name}" is disabled`, refuse: false };
    else if (!e.credential) tiers[tier] = { entry: base(e) };
    else {
      try {
        tiers[tier] = { entry: { ...base(e), credential: openCredential(e.credential) } };
      } catch (err) {
        // A key that cannot be opened must not silently send the org's work to another provider.
        tiers[tier] = { unusable: (err as Error).message, refuse: true };
      }
    }
  }
  return { tiers, envEntries };
}

type EntryRow = Awaited<ReturnType<typeof entryRows>>[number];
type EntryFilter = { withTier?: true; ids?: string[]; provider?: string; modelId?: string };
const entryRows = (orgId: string, where: EntryFilter) =>
  db.modelCatalogEntry.findMany({
    where: {
      orgId,
      enabled: true,
      ...(where.withTier ? { tier: { not: null } } : {}),
      ...(where.ids ? { id: { in: where.ids } } : {}),
      ...(where.provider ? { provider: where.provider } : {}),
      ...(where.modelId ? { modelId: where.modelId } : {}),
    },
    include: { credential: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });

/**
 * Enabled catalog entries the gateway may route to beyond the tier assignments: those marked with a
 * tier (same-tier fallbacks), or one named by id or provider:modelId (an explicit model). Entries of a
 * disabled provider or with a key that cannot be opened are left out (never silently sent elsewhere).
 */
export async function loadRouteEntries(orgId: string, where: EntryFilter): Promise<(RouteEntry & { tier: string | null })[]> {
  const rows = await entryRows(orgId, where);
  const prices = await currentPrices(rows);
  const out: (RouteEntry & { tier: string | null })[] = [];
  for (const e of rows) {
    const entry = routeEntryOf(e, prices);
    if (entry) out.push({ ...entry, tier: e.tier });
  }
  return out;
}

function routeEntryOf(e: EntryRow, prices: Map<string, ModelPrice>): RouteEntry | null {
  const base = baseEntry(e, prices);
  const c = e.credential;
  if (!c) return base;
  if (!c.enabled) return null;
  try {
    return { ...base, credential: openCredential(c) };
  } catch {
    return null;
  }
}

/** The current price version of each entry, in one read. */
async function currentPrices(entries: { currentPriceId: string | null }[]): Promise<Map<string, ModelPrice>> {
  const priceIds = entries.map((e) => e.currentPriceId).filter((id): id is string => id !== null);
  return new Map((await db.modelPrice.findMany({ where: { id: { in: priceIds } } })).map((p) => [p.id, p]));
}

/** An entry as the gateway routes to it, before its provider's key is opened. */
function baseEntry(e: EntryRow, prices: Map<string, ModelPrice>): RouteEntry {
  return {
    entryId: e.id,
    source: e.source,
    provider: e.provider,
    modelId: e.modelId,
    displayName: e.displayName,
    contextWindow: e.contextWindow,
    maxOutputTokens: e.maxOutputTokens,
    price: priceData(e.currentPriceId ? prices.get(e.currentPriceId) : undefined),
    credential: null,
  };
}

/** The provider credential with its key decrypted (throws when the key cannot be opened). */
function openCredential(c: NonNullable<EntryRow["credential"]>): NonNullable<RouteEntry["credential"]> {
  return { id: c.id, kind: c.kind as ProviderKind, name: c.name, baseUrl: c.baseUrl, apiKey: openProviderKey(c), version: c.updatedAt.getTime() };
}

/** "provider:modelId" of every model in the org's catalog (the Models page's health card shows only these). */
export async function catalogModelKeys(orgId: string): Promise<Set<string>> {
  const rows = await db.modelCatalogEntry.findMany({ where: { orgId }, select: { provider: true, modelId: true } });
  return new Set(rows.map((r) => `${r.provider}:${r.modelId}`));
}
