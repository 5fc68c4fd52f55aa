import type { RoleModelOutcome } from "./stats";

// "Learning from outcomes": among the models this deployment has seen do a role's work, the cheapest
// whose success rate stays within `marginPct` points of the best. Pure, so the rule is tested directly.

/** Fewer runs than this say too little about a model to route on. */
export const MIN_RUNS = 5;
/** The margin a project starts with when it turns learned routing on. */
export const DEFAULT_MARGIN_PCT = 5;

export type LearnedChoice = {
  provider: string;
  model: string;
  successRate: number;
  avgCostUsd: number;
  best: { provider: string; model: string; successRate: number; avgCostUsd: number };
  /** A sentence for "why this model". */
  reason: string;
};

const pct = (r: number) => `${Math.round(r * 100)} %`;

export function learnedChoice(outcomes: RoleModelOutcome[], role: string, marginPct: number, minRuns = MIN_RUNS): LearnedChoice | null {
  const seen = outcomes.filter((o) => o.role === role && o.runs >= minRuns);
  if (seen.length === 0) return null;
  // Best by success rate; ties go to the cheaper model, then the name (a stable choice).
  const byCost = [...seen].sort((a, b) => a.avgCostUsd - b.avgCostUsd || `${a.provider}:${a.model}`.localeCompare(`${b.provider}:${b.model}`));
  const best = byCost.reduce((top, o) => (o.successRate > top.successRate ? o : top), byCost[0]!);
  const pick = byCost.find((o) => o.successRate >= best.successRate - marginPct / 100)!;
  const same = pick === best;
  return {
    provider: pick.provider,
    model: pick.model,
    successRate: pick.successRate,
    avgCostUsd: pick.avgCostUsd,
    best: { provider: best.provider, model: best.model, successRate: best.successRate, avgCostUsd: best.avgCostUsd },
    reason: same
      ? `learned: ${pick.model} has the best ${role} success rate here (${pct(pick.successRate)} of ${pick.runs} runs)`
      : `learned: ${pick.model} succeeds on ${pct(pick.successRate)} of ${role} tasks here, within ${marginPct} points of ${best.model} (${pct(best.successRate)}), at ${ratio(pick.avgCostUsd, best.avgCostUsd)} of its cost`,
  };
}

function ratio(a: number, b: number): string {
  if (b <= 0) return "the same";
  return `${Math.round((a / b) * 100)} %`;
}
