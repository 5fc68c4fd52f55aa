import "server-only";
import { db } from "@/server/db";
import { catalogVersionOf, ensureCatalogSeeded } from "@/server/governance/catalog";
import { environmentCatalog, TIERS, type Tier } from "@/server/llm";
import { OpenAiError } from "./openai-error";

// The names a client may put in `model`: the org's enabled catalog entries by id, and the tier aliases
// aios/fast, aios/standard, aios/deep (the org's routing picks the model). For convenience an entry is
// also found by "provider:modelId" or by its bare model id when only one enabled entry has it, so a
// client configured with "gpt-4o-mini" just works. Cached per process with the org's catalogVersion,
// like the gateway's routing: a change in Admin → Models applies on the next request.

export const TIER_ALIASES: Record<string, Tier> = Object.fromEntries(TIERS.map((t) => [`aios/${t}`, t]));

export type ApiModel = { id: string; provider: string; modelId: string; displayName: string; created: number; tier: Tier | null };
export type Target = { tier: Tier; model?: string };

type OrgModels = { version: number; models: ApiModel[]; byName: Map<string, ApiModel | "ambiguous"> };

const MAX_ORGS = 1000;
const cache = new Map<string, OrgModels>();
const seeded = new Set<string>();

export async function orgModels(orgId: string): Promise<OrgModels> {
  const version = (await catalogVersionOf(orgId)) ?? 0;
  const hit = cache.get(orgId);
  if (hit && hit.version === version) return hit;
  if (!seeded.has(orgId)) {
    // The gateway seeds on an org's first call; listing before any call must show the same models.
    await ensureCatalogSeeded(orgId, environmentCatalog().models);
    seeded.add(orgId);
  }
  const rows = await db.modelCatalogEntry.findMany({
    where: { orgId, enabled: true, OR: [{ credentialId: null }, { credential: { enabled: true } }] },
    select: { id: true, provider: true, modelId: true, displayName: true, tier: true, createdAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const models = rows.map((r) => ({
    id: r.id,
    provider: r.provider,
    modelId: r.modelId,
    displayName: r.displayName,
    created: Math.floor(r.createdAt.getTime() / 1000),
    tier: (TIERS as readonly string[]).includes(r.tier ?? "") ? (r.tier as Tier) : null,
  }));
  const byName = new Map<string, ApiModel | "ambiguous">();
  const add = (name: string, m: ApiModel) => byName.set(name, byName.has(name) && byName.get(name) !== m ? "ambiguous" : m);
  for (const m of models) add(`${m.provider}:${m.modelId}`, m);
  for (const m of models) add(m.modelId, m);
  for (const m of models) byName.set(m.id, m); // an id always names exactly its entry
  const entry = { version, models, byName };
  if (cache.size >= MAX_ORGS) cache.clear();
  cache.set(orgId, entry);
  return entry;
}

/** What the gateway is asked for: a tier (alias) or an explicit catalog entry. Unknown → 404 model_not_found. */
export async function resolveRequestedModel(orgId: string, name: string): Promise<Target> {
  const alias = TIER_ALIASES[name];
  if (alias) return { tier: alias };
  const { models, byName } = await orgModels(orgId);
  const found = byName.get(name);
  if (found && found !== "ambiguous") return { tier: found.tier ?? "standard", model: found.id };
  const some = [...Object.keys(TIER_ALIASES), ...models.slice(0, 5).map((m) => m.id)].join(", ");
  const why = found === "ambiguous" ? "names more than one model of this organisation; use the model's id" : "does not exist or you do not have access to it";
  throw new OpenAiError(404, `The model '${clip(name)}' ${why}. GET /api/v1/models lists the models this key can use (${some}${models.length > 5 ? ", …" : ""}).`, {
    type: "invalid_request_error",
    param: "model",
    code: "model_not_found",
  });
}

const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 80)}…` : s);
