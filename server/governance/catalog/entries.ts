import "server-only";
import { db } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { PRICE_TABLE_SOURCE, tableModel } from "./price-table";
import { refuseIfTierUses } from "./tiers";
import type { CatalogTier, PriceInput } from "./types";
import { checkPrice } from "./validate";
import { isFromEnvironment, modelView, priceView, type ModelView, type PriceView } from "./views";
import { bumpCatalogVersion } from "./version";

// Catalog entries, their price versions and the tier → model mapping. Prices are never edited in
// place: each change is a new ModelPrice row, so every LlmCall keeps the version it was costed with.

export type Capabilities = { tools?: boolean; structuredOutput?: boolean; vision?: boolean };
export type AddModelInput = {
  credentialId: string;
  modelId: string;
  displayName?: string;
  contextWindow?: number;
  maxOutputTokens?: number;
  capabilities?: Capabilities;
  price?: PriceInput;
};
export type UpdateModelInput = Omit<Partial<AddModelInput>, "credentialId" | "modelId" | "price"> & { entryId: string; enabled?: boolean };

const capabilityData = (c: Capabilities | undefined) => ({
  ...(c?.tools !== undefined ? { supportsTools: c.tools } : {}),
  ...(c?.structuredOutput !== undefined ? { supportsStructuredOutput: c.structuredOutput } : {}),
  ...(c?.vision !== undefined ? { supportsVision: c.vision } : {}),
});

function checkLimits(i: { contextWindow?: number; maxOutputTokens?: number }) {
  if (i.contextWindow !== undefined && i.maxOutputTokens !== undefined && i.maxOutputTokens > i.contextWindow) {
    throw new AppError("BAD_REQUEST", "Max output tokens: cannot be more than the context window.");
  }
}

async function entryOf(orgId: string, entryId: string) {
  const entry = await db.modelCatalogEntry.findFirst({ where: { id: entryId, orgId }, include: { credential: true } });
  if (!entry) throw notFound("That model");
  return entry;
}

async function viewOf(orgId: string, entryId: string): Promise<ModelView> {
  const entry = await entryOf(orgId, entryId);
  const price = entry.currentPriceId ? await db.modelPrice.findUnique({ where: { id: entry.currentPriceId } }) : null;
  const tiers = await db.tierAssignment.findMany({ where: { orgId, entryId }, select: { tier: true } });
  const available = entry.credential ? entry.credential.enabled : true;
  return modelView(entry, price, { available, tiers: tiers.map((t) => t.tier as CatalogTier) });
}

export async function addModel(orgId: string, actorId: string | null, input: AddModelInput): Promise<ModelView> {
  const credential = await db.providerCredential.findFirst({ where: { id: input.credentialId, orgId } });
  if (!credential) throw notFound("That provider");
  const modelId = input.modelId.trim();
  if (!modelId || /\s/.test(modelId)) throw new AppError("BAD_REQUEST", "Model id: required, without spaces (e.g. gpt-4.1 or llama3.1:8b).");
  const clash = await db.modelCatalogEntry.findFirst({ where: { orgId, source: credential.id, modelId } });
  if (clash) throw new AppError("CONFLICT", `Model id: ${modelId} is already in the catalog for "${credential.name}".`);
  const t = tableModel(credential.kind, modelId);
  const contextWindow = input.contextWindow ?? t?.contextWindow;
  const maxOutputTokens = input.maxOutputTokens ?? t?.maxOutputTokens;
  checkLimits({ contextWindow: contextWindow ?? 128_000, maxOutputTokens: maxOutputTokens ?? 16_384 });
  const price = input.price ? checkPrice(input.price) : t;
  const entry = await db.modelCatalogEntry.create({
    data: {
      orgId,
      source: credential.id,
      credentialId: credential.id,
      provider: credential.kind,
      modelId,
      displayName: input.displayName?.trim() || modelId,
      ...(contextWindow ? { contextWindow } : {}),
      ...(maxOutputTokens ? { maxOutputTokens } : {}),
      supportsVision: t?.vision ?? false,
      ...capabilityData(input.capabilities),
    },
  });
  if (price) await newPriceVersion(orgId, entry.id, actorId, price, input.price ? "set when added" : PRICE_TABLE_SOURCE);
  await bumpCatalogVersion(orgId);
  return viewOf(orgId, entry.id);
}

export async function updateModel(orgId: string, input: UpdateModelInput): Promise<ModelView> {
  const entry = await entryOf(orgId, input.entryId);
  const { entryId: _entryId, enabled, ...fields } = input;
  if (isFromEnvironment(entry.source) && Object.values(fields).some((v) => v !== undefined)) {
    throw new AppError(
      "BAD_REQUEST",
      `${entry.modelId} comes from the server's environment: only its price, whether it is enabled and its tier can change here.`,
    );
  }
  if (enabled === false) await refuseIfTierUses(orgId, [entry.id], `disable ${entry.modelId}`);
  checkLimits({ contextWindow: fields.contextWindow ?? entry.contextWindow, maxOutputTokens: fields.maxOutputTokens ?? entry.maxOutputTokens });
  await db.modelCatalogEntry.update({
    where: { id: entry.id },
    data: {
      ...(fields.displayName !== undefined ? { displayName: fields.displayName.trim() || entry.modelId } : {}),
      ...(fields.contextWindow !== undefined ? { contextWindow: fields.contextWindow } : {}),
      ...(fields.maxOutputTokens !== undefined ? { maxOutputTokens: fields.maxOutputTokens } : {}),
      ...(enabled !== undefined ? { enabled } : {}),
      ...capabilityData(fields.capabilities),
    },
  });
  await bumpCatalogVersion(orgId);
  return viewOf(orgId, entry.id);
}

async function newPriceVersion(orgId: string, entryId: string, actorId: string | null, price: PriceInput, source: string) {
  const row = await db.modelPrice.create({
    data: {
      orgId,
      entryId,
      inputPerMTok: price.inputPerMTok,
      outputPerMTok: price.outputPerMTok,
      cachedReadPerMTok: price.cachedReadPerMTok,
      cacheWritePerMTok: price.cacheWritePerMTok,
      source,
      createdById: actorId,
    },
  });
  await db.modelCatalogEntry.update({ where: { id: entryId }, data: { currentPriceId: row.id } });
  return row;
}

/** A new price version for a model; calls made from now on are costed with it. */
export async function setPrice(orgId: string, actorId: string | null, entryId: string, price: PriceInput): Promise<PriceView> {
  const checked = checkPrice(price);
  const entry = await entryOf(orgId, entryId);
  const row = await newPriceVersion(orgId, entry.id, actorId, checked, "edited");
  await bumpCatalogVersion(orgId);
  return priceView(row);
}

export async function priceHistory(orgId: string, entryId: string): Promise<PriceView[]> {
  const entry = await entryOf(orgId, entryId);
  const rows = await db.modelPrice.findMany({ where: { entryId: entry.id }, orderBy: [{ effectiveFrom: "desc" }, { createdAt: "desc" }], take: 100 });
  return rows.map(priceView);
}

export async function removeModel(orgId: string, entryId: string): Promise<{ removed: true }> {
  const entry = await entryOf(orgId, entryId);
  if (isFromEnvironment(entry.source)) {
    throw new AppError("BAD_REQUEST", `${entry.modelId} comes from the server's environment and cannot be removed here; disable it instead.`);
  }
  await refuseIfTierUses(orgId, [entry.id], `remove ${entry.modelId}`);
  await db.modelCatalogEntry.delete({ where: { id: entry.id } });
  await bumpCatalogVersion(orgId);
  return { removed: true };
}

/** Points a tier at a catalog model (null: back to the environment's choice). */
export async function setTier(orgId: string, tier: CatalogTier, entryId: string | null): Promise<void> {
  if (entryId === null) {
    await db.tierAssignment.deleteMany({ where: { orgId, tier } });
  } else {
    const entry = await entryOf(orgId, entryId);
    if (!entry.enabled) throw new AppError("BAD_REQUEST", `Model: ${entry.modelId} is disabled; enable it before giving it a tier.`);
    if (entry.credential && !entry.credential.enabled) {
      throw new AppError("BAD_REQUEST", `Model: its provider "${entry.credential.name}" is disabled; enable it first.`);
    }
    await db.tierAssignment.upsert({ where: { orgId_tier: { orgId, tier } }, create: { orgId, tier, entryId }, update: { entryId } });
  }
  await bumpCatalogVersion(orgId);
}

/**
 * Marks a model as a same-tier alternative of a tier (null: of none): a call of that tier tries it after
 * the tier's own model fails (routing's "same-tier alternatives").
 */
export async function setFallbackTier(orgId: string, entryId: string, tier: CatalogTier | null): Promise<void> {
  const entry = await entryOf(orgId, entryId);
  if (tier && !entry.enabled) throw new AppError("BAD_REQUEST", `Model: ${entry.modelId} is disabled; enable it before making it a fallback.`);
  await db.modelCatalogEntry.update({ where: { id: entry.id }, data: { tier } });
  await bumpCatalogVersion(orgId);
}
