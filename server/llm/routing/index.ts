import "server-only";
import type { Tier } from "../config";
import type { ProviderRegistry, ResolvedModel } from "../registry";
import { modelKey, selectCandidates } from "./candidates";
import { complexityScore } from "./complexity";
import { chooseTier } from "./tier";
import type { Purpose, RoutingDecision, RoutingInput } from "./types";

export { modelKey, MAX_CANDIDATES, CANDIDATE_SOURCES, type CandidateSource } from "./candidates";
export { complexityScore } from "./complexity";
export { chooseTier } from "./tier";
export * from "./types";

export type RouteRequest = {
  purpose: Purpose;
  tier: Tier;
  orgId: string;
  role?: string | null;
  model?: string;
  routing?: RoutingInput;
  promptTokens: number;
  toolCount: number;
  /** The budgets already moved the tier (degrade): routing explains, it does not move it back up. */
  fixedTier?: boolean;
};

export type Route = { decision: RoutingDecision; candidates: ResolvedModel[] };

/** Tier and ordered candidates of one call, with a sentence for every choice made on the way. */
export async function route(registry: ProviderRegistry, req: RouteRequest, extraReasons: string[] = []): Promise<Route> {
  const complexity = complexityScore({
    promptTokens: req.promptTokens,
    toolCount: req.toolCount,
    taskKind: req.routing?.taskKind,
    failures: req.routing?.failures,
  });
  const { tier, reasons } = req.fixedTier
    ? { tier: req.tier, reasons: [] as string[] }
    : chooseTier({ purpose: req.purpose, tier: req.tier, complexity: complexity.score, failures: req.routing?.failures, role: req.role });
  const { candidates, reasons: candidateReasons } = await selectCandidates({
    models: await registry.modelsOf(req.orgId),
    orgId: req.orgId,
    tier,
    model: req.model,
    override: req.routing?.override,
    learned: req.routing?.learned,
    role: req.role,
    promptTokens: req.promptTokens,
  });
  const factors = complexity.factors.length > 0 && !req.fixedTier ? [`complexity ${complexity.score}: ${complexity.factors.join(", ")}`] : [];
  const keys = candidates.map(modelKey);
  return {
    decision: {
      purpose: req.purpose,
      tier,
      complexity: complexity.score,
      reasons: [...reasons, ...extraReasons, ...factors, ...candidateReasons],
      candidates: keys,
      chosen: keys[0] ?? "",
      attempts: [],
    },
    candidates,
  };
}
