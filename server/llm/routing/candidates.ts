import "server-only";
import { AppError } from "@/server/errors";
import type { Tier } from "../config";
import type { OrgModels } from "../org-models";
import type { ResolvedModel } from "../registry";

// The ordered candidate list of a call: a pipeline of sources, each adding models with a reason, de-duplicated
// by provider:model and cut at MAX_CANDIDATES. A new source (e.g. a model learned from outcomes) is one
// more entry in CANDIDATE_SOURCES at the place its priority belongs; nothing else changes.

export const MAX_CANDIDATES = 3;

export type CandidateContext = {
  /** The org's models at its current catalog version. */
  models: OrgModels;
  orgId: string;
  tier: Tier;
  /** The caller's explicit model (catalog entry id or provider:modelId). */
  model?: string;
  /** The project's override for this role (same forms). */
  override?: string;
  /** Learned routing is on for the project, with this margin. */
  learned?: { marginPct: number };
  role?: string | null;
  /** The prompt's estimated size: models whose context window cannot hold it are passed over. */
  promptTokens: number;
};

export type SourceResult = { models: ResolvedModel[]; reason?: string };
export type CandidateSource = { name: string; collect(ctx: CandidateContext): Promise<SourceResult | null> };

export const modelKey = (m: Pick<ResolvedModel, "provider" | "modelId">) => `${m.provider}:${m.modelId}`;

const NEIGHBOUR: Record<Tier, Tier> = { deep: "standard", standard: "fast", fast: "standard" };

const pinned: CandidateSource = {
  name: "explicit model",
  async collect(ctx) {
    if (!ctx.model) return null;
    const m = await ctx.models.ref(ctx.model);
    if (!m) throw new AppError("NOT_FOUND", `Unknown model "${ctx.model}": it is not an enabled model of this organisation (see Admin → Models).`);
    return { models: [m], reason: `model ${modelKey(m)} asked for explicitly` };
  },
};

const projectOverride: CandidateSource = {
  name: "project override",
  async collect(ctx) {
    if (!ctx.override) return null;
    const m = await ctx.models.ref(ctx.override);
    const whose = ctx.role ? `the ${ctx.role} role` : "every role";
    // A stale override (model removed or disabled) must not stop the project: say so and route normally.
    if (!m) return { models: [], reason: `project override "${ctx.override}" for ${whose} is not an enabled model; ignored` };
    return { models: [m], reason: `project override for ${whose}: ${modelKey(m)}` };
  },
};

const learnedFromOutcomes: CandidateSource = {
  name: "learned from outcomes",
  async collect(ctx) {
    if (!ctx.learned || !ctx.role) return null;
    // Imported when used: server/llm/outcomes reads the org's tier models through server/llm's index.
    const { learnedModelFor } = await import("../outcomes");
    const choice = await learnedModelFor(ctx.orgId, ctx.role, ctx.learned.marginPct);
    if (!choice) return { models: [], reason: `learned routing on, not enough finished ${ctx.role} tasks yet` };
    const m = await ctx.models.ref(`${choice.provider}:${choice.model}`);
    if (!m) return { models: [], reason: `learned routing chose ${choice.provider}:${choice.model}, which is no longer an enabled model; ignored` };
    return { models: [m], reason: choice.reason };
  },
};

const tierModel: CandidateSource = {
  name: "tier model",
  async collect(ctx) {
    return { models: [ctx.models.tier(ctx.tier)] };
  },
};

const sameTier: CandidateSource = {
  name: "same-tier alternatives",
  async collect(ctx) {
    const models = ctx.models.alternatives(ctx.tier);
    return { models, reason: models.length > 0 ? `fallbacks: other ${ctx.tier}-tier models` : undefined };
  },
};

const neighbourTier: CandidateSource = {
  name: "neighbouring tier",
  async collect(ctx) {
    const tier = NEIGHBOUR[ctx.tier];
    try {
      return { models: [ctx.models.tier(tier)], reason: `last fallback: the ${tier} tier's model` };
    } catch {
      return null; // that tier is unusable (its key cannot be opened): one fallback fewer, not a failed call
    }
  },
};

// A person's explicit choice (the call's model, the project's override) outranks what was learned.
export const CANDIDATE_SOURCES: readonly CandidateSource[] = [pinned, projectOverride, learnedFromOutcomes, tierModel, sameTier, neighbourTier];

export type Candidates = { candidates: ResolvedModel[]; reasons: string[] };

export async function selectCandidates(ctx: CandidateContext, sources: readonly CandidateSource[] = CANDIDATE_SOURCES): Promise<Candidates> {
  const chosen: ResolvedModel[] = [];
  const tooSmall: ResolvedModel[] = [];
  const reasons: string[] = [];
  for (const source of sources) {
    if (chosen.length >= MAX_CANDIDATES) break;
    const result = await source.collect(ctx);
    if (!result) continue;
    let added = 0;
    for (const m of result.models) {
      if (chosen.length >= MAX_CANDIDATES) break;
      if (chosen.some((c) => modelKey(c) === modelKey(m)) || tooSmall.some((c) => modelKey(c) === modelKey(m))) continue;
      // The offline demo model answers anything with canned work: never a silent stand-in for a real model.
      if (m.isOffline && chosen.length > 0 && !chosen[0]!.isOffline) continue;
      if (m.contextWindow < ctx.promptTokens) {
        tooSmall.push(m);
        reasons.push(`passed over ${modelKey(m)}: its ${m.contextWindow}-token context window is smaller than the prompt`);
        continue;
      }
      chosen.push(m);
      added++;
    }
    if (result.reason && (added > 0 || result.models.length === 0)) reasons.push(result.reason);
  }
  // Nothing holds the prompt: try the largest anyway; the provider's answer says what is wrong.
  if (chosen.length === 0 && tooSmall.length > 0) chosen.push([...tooSmall].sort((a, b) => b.contextWindow - a.contextWindow)[0]!);
  return { candidates: chosen, reasons };
}
