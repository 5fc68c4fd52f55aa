import "server-only";
import {
  catalogVersionOf,
  ensureCatalogSeeded,
  envEntryKey,
  loadRouteEntries,
  loadRouting,
  type OrgRouting,
  type RouteEntry,
} from "@/server/governance/catalog";
import { AppError } from "@/server/errors";
import { logger } from "@/server/observability/logger";
import { parseModelRef, TIERS, type ProviderId, type Tier } from "./config";
import { priceOf, type Price } from "./prices";
import { createProviderClient, type ProviderClient } from "./providers";
import type { ProviderRegistry, ResolvedModel } from "./registry";

// Per-org resolution: the org's tier assignments and catalog prices over the environment's models.
// Each process caches an org's resolution with the catalogVersion it was read at and checks that
// number (one primary-key read) on every call, so a change in Admin → Models applies everywhere on
// the next call, without a restart.

type Routed = {
  version: number;
  tiers: Record<Tier, ResolvedModel | AppError>;
  /** Same-tier fallbacks: the environment's model of the tier (when the org assigned another) and entries marked with the tier. */
  alternatives: Record<Tier, ResolvedModel[]>;
  /** Explicit models (entry id or provider:modelId) looked up at this version. */
  refs: Map<string, ResolvedModel | null>;
};

/** One org's models at one catalog version: everything routing needs for a call after one version read. */
export type OrgModels = {
  /** The tier's model (throws the AppError of a tier that must not be used). */
  tier(tier: Tier): ResolvedModel;
  /** Same-tier fallbacks: the environment's model of the tier and catalog entries marked with the tier. */
  alternatives(tier: Tier): ResolvedModel[];
  /** An explicit model: a catalog entry id or provider:modelId of an enabled entry (null: none). */
  ref(ref: string): Promise<ResolvedModel | null>;
};

export type OrgResolver = {
  resolveFor(orgId: string, tier: Tier): Promise<ResolvedModel>;
  modelsOf(orgId: string): Promise<OrgModels>;
};

const MAX_REFS = 200;

const MAX_ORGS = 1000;
const MAX_CLIENTS = 500;

export function createOrgResolver(env: ProviderRegistry): OrgResolver {
  const routed = new Map<string, Routed>();
  const loading = new Map<string, Promise<Routed>>();
  const seeded = new Set<string>();
  // Decrypted-key clients by credential and its last change, so an edited key builds a new one.
  const clients = new Map<string, ProviderClient>();

  const clientFor = (c: NonNullable<RouteEntry["credential"]>): ProviderClient => {
    const key = `${c.id}:${c.version}`;
    let client = clients.get(key);
    if (!client) {
      if (clients.size >= MAX_CLIENTS) clients.clear();
      client = createProviderClient(c.kind, { baseURL: c.baseUrl, apiKey: c.apiKey });
      clients.set(key, client);
    }
    return client;
  };

  // An entry nobody priced costs what the dated table says (nothing, for a model it does not know).
  const priced = (entry: RouteEntry | undefined, provider: string, modelId: string): Price =>
    entry?.price ? { ...entry.price, priced: true } : priceOf(provider, modelId);

  /** The environment's model of a tier, priced and limited by the org's catalog entry for it when there is one. */
  const fromEnvironment = (tier: Tier, routing: OrgRouting): ResolvedModel => {
    const base = env.resolve(tier);
    const source = base.provider === "offline" ? "offline" : `env:${base.provider}`;
    const entry = routing.envEntries.get(envEntryKey(source, base.modelId));
    if (!entry) return base;
    return { ...base, price: priced(entry, base.provider, base.modelId), contextWindow: entry.contextWindow, maxOutputTokens: entry.maxOutputTokens, entryId: entry.entryId };
  };

  const fromEntry = (entry: RouteEntry): ResolvedModel | null => {
    const provider = entry.provider as ProviderId;
    const model = entry.credential ? clientFor(entry.credential).model(entry.modelId) : env.envModel(provider, entry.modelId);
    if (!model) return null; // an environment provider that is no longer configured
    return {
      provider,
      modelId: entry.modelId,
      label: entry.credential ? `${entry.credential.name} ${entry.displayName}` : env.labelOf({ provider, modelId: entry.modelId }),
      isOffline: provider === "offline",
      model,
      price: priced(entry, provider, entry.modelId),
      contextWindow: entry.contextWindow,
      maxOutputTokens: entry.maxOutputTokens,
      entryId: entry.entryId,
    };
  };

  async function load(orgId: string, version: number): Promise<Routed> {
    if (!seeded.has(orgId)) {
      await ensureCatalogSeeded(orgId, env.environment().models);
      seeded.add(orgId);
    }
    const [routing, marked] = await Promise.all([loadRouting(orgId), loadRouteEntries(orgId, { withTier: true })]);
    const tiers = {} as Routed["tiers"];
    for (const tier of TIERS) {
      const route = routing.tiers[tier];
      if (!route) tiers[tier] = fromEnvironment(tier, routing);
      else if ("entry" in route) tiers[tier] = fromEntry(route.entry) ?? fallBack(orgId, tier, "its provider is no longer configured in the environment", routing);
      else if (route.refuse) tiers[tier] = new AppError("PRECONDITION_FAILED", `The ${tier} tier's model cannot be used: ${route.unusable}`);
      else tiers[tier] = fallBack(orgId, tier, route.unusable, routing);
    }
    const alternatives = {} as Routed["alternatives"];
    for (const tier of TIERS) {
      const own = fromEnvironment(tier, routing);
      const list = [own, ...marked.filter((e) => e.tier === tier).map(fromEntry)].filter((m): m is ResolvedModel => m !== null);
      alternatives[tier] = list;
    }
    return { version, tiers, alternatives, refs: new Map() };
  }

  /** A catalog entry by id, or the first enabled entry with that provider:modelId. */
  async function lookUpRef(orgId: string, ref: string): Promise<ResolvedModel | null> {
    const parsed = parseModelRef(ref);
    const entries = parsed
      ? await loadRouteEntries(orgId, { provider: parsed.provider, modelId: parsed.modelId })
      : await loadRouteEntries(orgId, { ids: [ref] });
    for (const e of entries) {
      const m = fromEntry(e);
      if (m) return m;
    }
    return null;
  }

  const fallBack = (orgId: string, tier: Tier, reason: string, routing: OrgRouting): ResolvedModel => {
    logger.warn({ orgId, tier, reason }, "tier assignment unusable; using the environment's model");
    return fromEnvironment(tier, routing);
  };

  async function routedFor(orgId: string): Promise<Routed | null> {
    const version = await catalogVersionOf(orgId);
    if (version === null) return null; // no such org (some tests call with a made-up id): the environment's
    let entry = routed.get(orgId);
    if (!entry || entry.version !== version) {
      // Concurrent first calls share one load; keyed by version, so nobody waits on an older read.
      const key = `${orgId}:${version}`;
      let pending = loading.get(key);
      if (!pending) {
        pending = load(orgId, version).finally(() => loading.delete(key));
        loading.set(key, pending);
      }
      entry = await pending;
      if (routed.size >= MAX_ORGS) routed.clear();
      routed.set(orgId, entry);
    }
    return entry;
  }

  const tierOf = (entry: Routed, tier: Tier): ResolvedModel => {
    const resolved = entry.tiers[tier];
    if (resolved instanceof AppError) throw resolved;
    return resolved;
  };

  return {
    async resolveFor(orgId, tier) {
      const entry = await routedFor(orgId);
      return entry ? tierOf(entry, tier) : env.resolve(tier);
    },
    async modelsOf(orgId) {
      const entry = await routedFor(orgId);
      if (!entry) return { tier: (t) => env.resolve(t), alternatives: (t) => [env.resolve(t)], ref: async (r) => envRef(r) };
      return {
        tier: (t) => tierOf(entry, t),
        alternatives: (t) => entry.alternatives[t],
        async ref(r) {
          if (!entry.refs.has(r)) {
            if (entry.refs.size >= MAX_REFS) entry.refs.clear();
            entry.refs.set(r, await lookUpRef(orgId, r));
          }
          return entry.refs.get(r) ?? null;
        },
      };
    },
  };

  /** Without an org catalog: one of the environment's tier models named provider:modelId. */
  function envRef(ref: string): ResolvedModel | null {
    const parsed = parseModelRef(ref);
    if (!parsed) return null;
    for (const tier of TIERS) {
      const m = env.resolve(tier);
      if (m.provider === parsed.provider && m.modelId === parsed.modelId) return m;
    }
    return null;
  }
}
