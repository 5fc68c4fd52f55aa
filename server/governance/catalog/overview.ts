import "server-only";
import { db } from "@/server/db";
import { keyStorageStatus } from "../secrets";
import { PRICE_TABLE_DATE } from "./price-table";
import { CATALOG_TIERS, type CatalogTier, type EnvCatalog } from "./types";
import { isFromEnvironment, modelView, providerView, type ModelView, type ProviderView, type TierView } from "./views";

export type CatalogView = {
  catalogVersion: number;
  priceTableDate: string;
  canStoreKeys: boolean;
  keyStorageMessage: string | null;
  providers: ProviderView[];
  models: ModelView[];
  tiers: TierView[];
};

/** Everything Admin → Models shows for one org (call ensureCatalogSeeded first so the environment's models are there). */
export async function catalogView(orgId: string, env: EnvCatalog): Promise<CatalogView> {
  const [org, credentials, entries, assignments] = await Promise.all([
    db.org.findUniqueOrThrow({ where: { id: orgId }, select: { catalogVersion: true } }),
    db.providerCredential.findMany({ where: { orgId }, orderBy: { createdAt: "asc" } }),
    db.modelCatalogEntry.findMany({ where: { orgId }, include: { credential: true }, orderBy: [{ provider: "asc" }, { modelId: "asc" }] }),
    db.tierAssignment.findMany({ where: { orgId } }),
  ]);
  const priceIds = entries.map((e) => e.currentPriceId).filter((id): id is string => id !== null);
  const prices = new Map((await db.modelPrice.findMany({ where: { id: { in: priceIds } } })).map((p) => [p.id, p]));
  const envKinds = new Set(env.providers.map((p) => `env:${p.kind}`));
  const available = (e: (typeof entries)[number]) =>
    e.credential ? e.credential.enabled : e.source === "offline" || envKinds.has(e.source);

  const tiersOf = new Map<string, CatalogTier[]>();
  const tiers: TierView[] = CATALOG_TIERS.map((tier) => {
    const a = assignments.find((x) => x.tier === tier);
    const e = a ? entries.find((x) => x.id === a.entryId) : undefined;
    const reason = !a ? null : !e ? "its model was removed" : !e.enabled ? `${e.modelId} is disabled` : !available(e) ? "its provider is not configured or is disabled" : null;
    if (a && e && !reason) {
      tiersOf.set(e.id, [...(tiersOf.get(e.id) ?? []), tier]);
      const label = e.credential ? `${e.credential.name} ${e.displayName}` : env.models.find((m) => m.source === e.source && m.modelId === e.modelId)?.displayName ?? e.displayName;
      return { tier, entryId: e.id, fromEnvironment: false, provider: e.provider, modelId: e.modelId, label, fallbackReason: null };
    }
    const fromEnv = env.tiers[tier];
    const envEntry = entries.find((x) => isFromEnvironment(x.source) && x.provider === fromEnv.provider && x.modelId === fromEnv.modelId);
    if (envEntry) tiersOf.set(envEntry.id, [...(tiersOf.get(envEntry.id) ?? []), tier]);
    return { tier, entryId: null, fromEnvironment: true, ...fromEnv, fallbackReason: reason };
  });

  const counts = new Map<string, number>();
  for (const e of entries) if (e.credentialId) counts.set(e.credentialId, (counts.get(e.credentialId) ?? 0) + 1);
  const envProviders: ProviderView[] = env.providers.map((p) => ({
    id: `env:${p.kind}`,
    kind: p.kind,
    name: p.name,
    baseUrl: p.baseUrl,
    keyHint: p.keyHint,
    enabled: true,
    fromEnvironment: true,
    lastTest: null,
    modelCount: entries.filter((e) => e.source === `env:${p.kind}`).length,
  }));
  const keys = keyStorageStatus();
  return {
    catalogVersion: org.catalogVersion,
    priceTableDate: PRICE_TABLE_DATE,
    canStoreKeys: keys.canStoreKeys,
    keyStorageMessage: keys.message,
    providers: [...envProviders, ...credentials.map((c) => providerView(c, counts.get(c.id) ?? 0))],
    models: entries.map((e) =>
      modelView(e, e.currentPriceId ? (prices.get(e.currentPriceId) ?? null) : null, { available: available(e), tiers: tiersOf.get(e.id) ?? [] }),
    ),
    tiers,
  };
}
