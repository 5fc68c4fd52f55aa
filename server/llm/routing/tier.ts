import type { Tier } from "../config";
import type { Purpose } from "./types";

// The tier of a call: the caller's choice, moved only for a stated reason. Pure: tested directly.
// Moves go up, never down: a cheaper model than the caller asked for is the budgets' decision (the
// "degrade" policy), not routing's.

const UP: Record<Tier, Tier | null> = { fast: "standard", standard: "deep", deep: null };

const PURPOSE_LABEL: Record<Purpose, string> = {
  intake: "intake",
  planning: "planning",
  agent: "agent step",
  chat: "chat",
  summarise: "summary",
  embed: "embedding",
};

/** Complexity at which the fast tier is not enough. */
export const FAST_TIER_CEILING = 60;
/** Earlier failures of a task after which its calls go one tier up. */
export const FAILURES_FOR_UPGRADE = 2;

export type TierChoice = { tier: Tier; reasons: string[] };

export function chooseTier(input: { purpose: Purpose; tier: Tier; complexity: number; failures?: number; role?: string | null }): TierChoice {
  const who = input.role ? `${input.role} ${PURPOSE_LABEL[input.purpose]}` : PURPOSE_LABEL[input.purpose];
  const reasons = [`${who} → ${input.tier} tier (the caller's choice)`];
  let tier = input.tier;
  const up = (why: string) => {
    const next = UP[tier];
    if (!next) return;
    reasons.push(`${why} → ${next} tier`);
    tier = next;
  };
  // A plan drives every task after it: the fast tier's plans cost more in re-planning than they save.
  if (input.purpose === "planning" && tier === "fast") up("planning needs at least the standard tier");
  if (tier === "fast" && input.complexity >= FAST_TIER_CEILING) up(`complexity ${input.complexity} is above the fast tier's ${FAST_TIER_CEILING}`);
  const failures = Math.max(0, Math.floor(input.failures ?? 0));
  if (failures >= FAILURES_FOR_UPGRADE) up(`${failures} earlier failures of this task, one tier up`);
  return { tier, reasons };
}
