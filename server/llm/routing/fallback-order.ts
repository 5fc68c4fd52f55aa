import "server-only";
import { AppError } from "@/server/errors";
import { TIERS, type Tier } from "../config";
import type { OrgModels } from "../org-models";
import { MAX_CANDIDATES, modelKey, selectCandidates } from "./candidates";

// What a call of each tier tries, in order, when nothing pins a model (no explicit model, no project
// override, no learned routing): the same candidate pipeline a real call runs, so Admin → Models shows
// exactly the order the gateway falls back in.

export type FallbackKind = "tier" | "same-tier" | "neighbour";
export type FallbackStep = { provider: string; modelId: string; label: string; entryId: string | null; kind: FallbackKind; fromTier: Tier };
export type TierFallbacks = { tier: Tier; steps: FallbackStep[]; error: string | null };

const NEIGHBOUR: Record<Tier, Tier> = { deep: "standard", standard: "fast", fast: "standard" };

export async function fallbackOrder(models: OrgModels, orgId: string): Promise<{ maxCandidates: number; tiers: TierFallbacks[] }> {
  const tiers = await Promise.all(
    TIERS.map(async (tier): Promise<TierFallbacks> => {
      try {
        const own = modelKey(models.tier(tier));
        const same = new Set(models.alternatives(tier).map(modelKey));
        const { candidates } = await selectCandidates({ models, orgId, tier, promptTokens: 0 });
        const steps = candidates.map((m): FallbackStep => {
          const key = modelKey(m);
          const kind: FallbackKind = key === own ? "tier" : same.has(key) ? "same-tier" : "neighbour";
          return { provider: m.provider, modelId: m.modelId, label: m.label, entryId: m.entryId ?? null, kind, fromTier: kind === "neighbour" ? NEIGHBOUR[tier] : tier };
        });
        return { tier, steps, error: null };
      } catch (err) {
        // A tier whose model must not be used (a key that cannot be opened): its calls are refused, say why.
        if (err instanceof AppError) return { tier, steps: [], error: err.message };
        throw err;
      }
    }),
  );
  return { maxCandidates: MAX_CANDIDATES, tiers };
}
