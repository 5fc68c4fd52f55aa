import "server-only";
import { db } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { currentMasterKey, openProviderKey, sealProviderKey } from "../secrets";
import { tableModel, tableModelsOf } from "./price-table";
import { priceFromTable } from "./seed";
import { refuseIfTierUses } from "./tiers";
import type { ProviderKind } from "./types";
import { checkApiKey, checkBaseUrl } from "./validate";
import { providerView, type ProviderView } from "./views";
import { bumpCatalogVersion } from "./version";

// Provider credentials an org adds in Admin → Models. The key is sealed before it is written and
// opened only to build a provider client or test a connection; nothing here returns it.

export const DEFAULT_BASE_URL: Record<Exclude<ProviderKind, "compatible">, string> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com/v1",
};

export type AddProviderInput = { kind: ProviderKind; name: string; baseUrl?: string; apiKey?: string };
export type UpdateProviderInput = { credentialId: string; name?: string; baseUrl?: string; apiKey?: string };

/** Base URL and key as a person entered them, checked (kind decides which are required). */
export function checkConnectionInput(kind: ProviderKind, baseUrl: string | undefined, apiKey: string | undefined) {
  const url = baseUrl?.trim() ? checkBaseUrl(baseUrl) : kind === "compatible" ? null : DEFAULT_BASE_URL[kind];
  if (!url) throw new AppError("BAD_REQUEST", "Base URL: required for an OpenAI-compatible server (e.g. http://localhost:11434/v1).");
  const key = apiKey?.trim() ? checkApiKey(apiKey) : null;
  if (!key && kind !== "compatible") throw new AppError("BAD_REQUEST", `API key: required for ${kind === "openai" ? "OpenAI" : "Anthropic"}.`);
  return { baseUrl: url, apiKey: key };
}

async function uniqueName(orgId: string, name: string, exceptId?: string): Promise<string> {
  const trimmed = name.trim();
  if (!trimmed) throw new AppError("BAD_REQUEST", "Name: required.");
  const clash = await db.providerCredential.findFirst({ where: { orgId, name: trimmed, ...(exceptId ? { id: { not: exceptId } } : {}) } });
  if (clash) throw new AppError("CONFLICT", `Name: a provider named "${trimmed}" already exists.`);
  return trimmed;
}

export async function addProvider(orgId: string, actorId: string | null, input: AddProviderInput): Promise<ProviderView> {
  const { baseUrl, apiKey } = checkConnectionInput(input.kind, input.baseUrl, input.apiKey);
  if (apiKey) currentMasterKey(); // refuse before writing anything when keys cannot be stored
  const name = await uniqueName(orgId, input.name);
  return db.$transaction(async (tx) => {
    const row = await tx.providerCredential.create({ data: { orgId, kind: input.kind, name, baseUrl, createdById: actorId } });
    // The ciphertext's associated data names the row, so the key is sealed once the id exists.
    const stored = apiKey ? await tx.providerCredential.update({ where: { id: row.id }, data: sealProviderKey(orgId, row.id, apiKey) }) : row;
    // A first-party provider starts with the models the dated price table knows.
    const modelIds = input.kind === "compatible" ? [] : tableModelsOf(input.kind);
    for (const modelId of modelIds) {
      const t = tableModel(input.kind, modelId)!;
      const entry = await tx.modelCatalogEntry.create({
        data: { orgId, source: row.id, credentialId: row.id, provider: input.kind, modelId, displayName: modelId, supportsVision: t.vision, contextWindow: t.contextWindow, maxOutputTokens: t.maxOutputTokens },
      });
      await priceFromTable(tx, orgId, entry);
    }
    await bumpCatalogVersion(orgId, tx);
    return providerView(stored, modelIds.length);
  });
}

async function credentialOf(orgId: string, credentialId: string) {
  const row = await db.providerCredential.findFirst({ where: { id: credentialId, orgId } });
  if (!row) throw notFound("That provider");
  return row;
}

const modelCount = (credentialId: string) => db.modelCatalogEntry.count({ where: { credentialId } });

export async function updateProvider(orgId: string, input: UpdateProviderInput): Promise<ProviderView> {
  const row = await credentialOf(orgId, input.credentialId);
  const kind = row.kind as ProviderKind;
  const name = input.name !== undefined ? await uniqueName(orgId, input.name, row.id) : row.name;
  const baseUrl = input.baseUrl !== undefined ? checkConnectionInput(kind, input.baseUrl, "placeholder-key").baseUrl : row.baseUrl;
  let keyData = {};
  if (input.apiKey !== undefined) {
    if (input.apiKey.trim() === "") {
      if (kind !== "compatible") throw new AppError("BAD_REQUEST", "API key: required for this provider; enter a new key to replace it.");
      keyData = { keyCiphertext: null, keyNonce: null, keyTag: null, masterKeyId: null, keyHint: null };
    } else {
      keyData = sealProviderKey(orgId, row.id, checkApiKey(input.apiKey));
    }
  }
  const changedConnection = baseUrl !== row.baseUrl || input.apiKey !== undefined;
  const updated = await db.providerCredential.update({
    where: { id: row.id },
    data: { name, baseUrl, ...keyData, ...(changedConnection ? { lastTestedAt: null, lastTestOk: null, lastTestMessage: null } : {}) },
  });
  await bumpCatalogVersion(orgId);
  return providerView(updated, await modelCount(row.id));
}

export async function setProviderEnabled(orgId: string, credentialId: string, enabled: boolean): Promise<ProviderView> {
  const row = await credentialOf(orgId, credentialId);
  if (!enabled) {
    const entries = await db.modelCatalogEntry.findMany({ where: { credentialId: row.id }, select: { id: true } });
    await refuseIfTierUses(orgId, entries.map((e) => e.id), `disable "${row.name}"`);
  }
  const updated = await db.providerCredential.update({ where: { id: row.id }, data: { enabled } });
  await bumpCatalogVersion(orgId);
  return providerView(updated, await modelCount(row.id));
}

export async function removeProvider(orgId: string, credentialId: string): Promise<{ removed: true }> {
  const row = await credentialOf(orgId, credentialId);
  const entries = await db.modelCatalogEntry.findMany({ where: { credentialId: row.id }, select: { id: true } });
  await refuseIfTierUses(orgId, entries.map((e) => e.id), `remove "${row.name}"`);
  await db.providerCredential.delete({ where: { id: row.id } }); // its catalog entries and prices go with it
  await bumpCatalogVersion(orgId);
  return { removed: true };
}

/** Kind, URL and opened key of a saved provider, for a connection test. */
export async function credentialForTest(orgId: string, credentialId: string) {
  const row = await credentialOf(orgId, credentialId);
  return { kind: row.kind as ProviderKind, name: row.name, baseUrl: row.baseUrl, apiKey: openProviderKey(row) };
}

export async function recordTestResult(orgId: string, credentialId: string, result: { ok: boolean; message: string }): Promise<void> {
  await db.providerCredential.updateMany({
    where: { id: credentialId, orgId },
    data: { lastTestedAt: new Date(), lastTestOk: result.ok, lastTestMessage: result.message.slice(0, 500) },
  });
}
