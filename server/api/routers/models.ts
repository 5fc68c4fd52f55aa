import "server-only";
import { z } from "zod";
import {
  addModel,
  addProvider,
  catalogView,
  CATALOG_TIERS,
  checkConnectionInput,
  credentialForTest,
  ensureCatalogSeeded,
  MAX_PRICE_PER_MTOK,
  PROVIDER_KINDS,
  priceHistory,
  recordTestResult,
  removeModel,
  removeProvider,
  setFallbackTier,
  setPrice,
  setProviderEnabled,
  setTier,
  updateModel,
  updateProvider,
} from "@/server/governance";
import { AppError } from "@/server/errors";
import { environmentCatalog, environmentConnection, modelHealth, testConnection, tierFallbackOrder } from "@/server/llm";
import { callsModel, orgProcedure, router } from "../trpc";

// Admin → Models: providers (keys sealed, never returned), the catalog, prices and tiers. Contract:
// /work/notes/contracts/models-router.md. Reads: models:read; changes: providers:manage.

const Id = z.string().min(1).max(64);
const Name = z.string().trim().min(1, "Name: required").max(80, "Name: at most 80 characters");
const BaseUrl = z.string().max(500, "Base URL: at most 500 characters");
const ApiKey = z.string().max(1000, "API key: at most 1000 characters");
const Kind = z.enum(PROVIDER_KINDS);
const Money = (label: string) =>
  z
    .number(`${label}: must be a number`)
    .min(0, `${label}: cannot be negative`)
    .max(MAX_PRICE_PER_MTOK, `${label}: above the $${MAX_PRICE_PER_MTOK} per million tokens limit`);
const Price = z.object({
  inputPerMTok: Money("Input price"),
  outputPerMTok: Money("Output price"),
  cachedReadPerMTok: Money("Cached-read price"),
  cacheWritePerMTok: Money("Cache-write price"),
});
const Capabilities = z.object({ tools: z.boolean().optional(), structuredOutput: z.boolean().optional(), vision: z.boolean().optional() });
const Tokens = (label: string) => z.number().int(`${label}: a whole number`).min(1, `${label}: at least 1`).max(100_000_000, `${label}: too large`);
const ModelFields = {
  displayName: z.string().max(120, "Display name: at most 120 characters").optional(),
  contextWindow: Tokens("Context window").optional(),
  maxOutputTokens: Tokens("Max output tokens").optional(),
  capabilities: Capabilities.optional(),
};
const ENV_PROVIDER = /^env:(openai|anthropic|compatible)$/;

const target = (ctx: { audit: { targetType?: string; targetId?: string } }, type: string, id: string) =>
  Object.assign(ctx.audit, { targetType: type, targetId: id });

export const modelsRouter = router({
  catalog: orgProcedure("models:read").query(async ({ input }) => {
    const env = environmentCatalog();
    await ensureCatalogSeeded(input.orgId, env.models);
    return catalogView(input.orgId, env);
  }),

  /** Per tier, the models a call tries in order: the tier's model, same-tier alternatives, the neighbouring tier's. */
  fallbacks: orgProcedure("models:read").query(({ input }) => tierFallbackOrder(input.orgId)),

  /** Circuit breakers of the org's models in this server process: closed, open (until when) or half-open. */
  health: orgProcedure("models:read").query(({ input }) => modelHealth(input.orgId)),

  priceHistory: orgProcedure("models:read")
    .input(z.object({ entryId: Id }))
    .query(({ input }) => priceHistory(input.orgId, input.entryId)),

  addProvider: orgProcedure("providers:manage")
    .input(z.object({ kind: Kind, name: Name, baseUrl: BaseUrl.optional(), apiKey: ApiKey.optional() }))
    .mutation(async ({ ctx, input }) => {
      const { orgId, ...fields } = input;
      const view = await addProvider(orgId, ctx.principal.userId, fields);
      target(ctx, "provider", view.id);
      return view;
    }),

  updateProvider: orgProcedure("providers:manage")
    .input(z.object({ credentialId: Id, name: Name.optional(), baseUrl: BaseUrl.optional(), apiKey: ApiKey.optional() }))
    .mutation(({ ctx, input }) => {
      target(ctx, "provider", input.credentialId);
      const { orgId, ...fields } = input;
      return updateProvider(orgId, fields);
    }),

  setProviderEnabled: orgProcedure("providers:manage")
    .input(z.object({ credentialId: Id, enabled: z.boolean() }))
    .mutation(({ ctx, input }) => {
      target(ctx, "provider", input.credentialId);
      return setProviderEnabled(input.orgId, input.credentialId, input.enabled);
    }),

  removeProvider: orgProcedure("providers:manage")
    .input(z.object({ credentialId: Id }))
    .mutation(({ ctx, input }) => {
      target(ctx, "provider", input.credentialId);
      return removeProvider(input.orgId, input.credentialId);
    }),

  /** Waits on the network up to 10 s, so it runs outside the request transaction (as model calls do). */
  testProvider: callsModel(orgProcedure("providers:manage"))
    .input(z.object({ credentialId: Id }))
    .mutation(async ({ ctx, input }) => {
      target(ctx, "provider", input.credentialId);
      const env = ENV_PROVIDER.exec(input.credentialId);
      if (env) {
        const kind = env[1] as (typeof PROVIDER_KINDS)[number];
        const conn = environmentConnection(kind);
        if (!conn) throw new AppError("NOT_FOUND", "That provider is not configured in the environment.");
        return testConnection({ kind, ...conn });
      }
      const saved = await credentialForTest(input.orgId, input.credentialId);
      const result = await testConnection(saved);
      await recordTestResult(input.orgId, input.credentialId, result);
      return result;
    }),

  testDraft: callsModel(orgProcedure("providers:manage"))
    .input(z.object({ kind: Kind, baseUrl: BaseUrl.optional(), apiKey: ApiKey.optional() }))
    .mutation(({ input }) => testConnection({ kind: input.kind, ...checkConnectionInput(input.kind, input.baseUrl, input.apiKey) })),

  addModel: orgProcedure("providers:manage")
    .input(z.object({ credentialId: Id, modelId: z.string().max(200, "Model id: at most 200 characters"), ...ModelFields, price: Price.optional() }))
    .mutation(async ({ ctx, input }) => {
      const { orgId, ...fields } = input;
      const view = await addModel(orgId, ctx.principal.userId, fields);
      target(ctx, "model", view.id);
      return view;
    }),

  updateModel: orgProcedure("providers:manage")
    .input(z.object({ entryId: Id, ...ModelFields, enabled: z.boolean().optional() }))
    .mutation(({ ctx, input }) => {
      target(ctx, "model", input.entryId);
      const { orgId, ...fields } = input;
      return updateModel(orgId, fields);
    }),

  setPrice: orgProcedure("providers:manage")
    .input(Price.extend({ entryId: Id }))
    .mutation(({ ctx, input }) => {
      target(ctx, "model", input.entryId);
      const { orgId, entryId, ...price } = input;
      return setPrice(orgId, ctx.principal.userId, entryId, price);
    }),

  removeModel: orgProcedure("providers:manage")
    .input(z.object({ entryId: Id }))
    .mutation(({ ctx, input }) => {
      target(ctx, "model", input.entryId);
      return removeModel(input.orgId, input.entryId);
    }),

  /** Marks a model as a same-tier alternative (fallback) of a tier, or of none. */
  setFallbackTier: orgProcedure("providers:manage")
    .input(z.object({ entryId: Id, tier: z.enum(CATALOG_TIERS).nullable() }))
    .mutation(async ({ ctx, input }) => {
      target(ctx, "model", input.entryId);
      await setFallbackTier(input.orgId, input.entryId, input.tier);
      return tierFallbackOrder(input.orgId);
    }),

  setTier: orgProcedure("providers:manage")
    .input(z.object({ tier: z.enum(CATALOG_TIERS), entryId: Id.nullable() }))
    .mutation(async ({ ctx, input }) => {
      target(ctx, "tier", input.tier);
      await setTier(input.orgId, input.tier, input.entryId);
      const env = environmentCatalog();
      return (await catalogView(input.orgId, env)).tiers.find((t) => t.tier === input.tier)!;
    }),
});
