import "server-only";
import { resolveModelFor } from "../index";
import { DEFAULT_MARGIN_PCT, learnedChoice, type LearnedChoice } from "./learned";
import { savingsAgainstTop, type RoleSavings } from "./savings";
import { OUTCOME_WINDOW_DAYS, roleModelOutcomes, type RoleModelOutcome } from "./stats";

export { DEFAULT_MARGIN_PCT, learnedChoice, MIN_RUNS, type LearnedChoice } from "./learned";
export { roleModelOutcomes, OUTCOME_WINDOW_DAYS, type RoleModelOutcome } from "./stats";

/** A project's "learn from outcomes" setting (project.settings.learnedRouting). */
export type LearnedRouting = { enabled: boolean; marginPct: number };

export function learnedRoutingOf(settings: unknown): LearnedRouting | null {
  const l = (settings as { learnedRouting?: Partial<LearnedRouting> } | null)?.learnedRouting;
  return l?.enabled ? { enabled: true, marginPct: typeof l.marginPct === "number" ? l.marginPct : DEFAULT_MARGIN_PCT } : null;
}

// Outcomes change as tasks finish, not per call: one read per org and role a minute is plenty.
const TTL_MS = 60_000;
const cache = new Map<string, { at: number; rows: RoleModelOutcome[] }>();

/** The learned model for a role ("provider:model" plus the reason), or null while there is too little evidence. */
export async function learnedModelFor(orgId: string, role: string, marginPct: number): Promise<LearnedChoice | null> {
  const key = `${orgId}\u0000${role}`;
  let hit = cache.get(key);
  if (!hit || Date.now() - hit.at > TTL_MS) {
    if (cache.size > 5000) cache.clear();
    hit = { at: Date.now(), rows: await roleModelOutcomes(orgId, { role }) };
    cache.set(key, hit);
  }
  return learnedChoice(hit.rows, role, marginPct);
}

export type OutcomesReport = {
  days: number;
  topModel: string;
  rows: RoleModelOutcome[];
  /** Per role: what learned routing would choose at the default margin. */
  learned: Record<string, LearnedChoice | null>;
  savings: RoleSavings[];
  totalSavedUsd: number;
};

/** The Models page's "learning from outcomes" card. */
export async function outcomesReport(orgId: string, days = OUTCOME_WINDOW_DAYS): Promise<OutcomesReport> {
  const top = await resolveModelFor(orgId, "deep");
  const [rows, savings] = await Promise.all([roleModelOutcomes(orgId, { days }), savingsAgainstTop(orgId, top.price, new Date(Date.now() - days * 86_400_000))]);
  const roles = [...new Set(rows.map((r) => r.role))];
  const learned = Object.fromEntries(roles.map((role) => [role, learnedChoice(rows, role, DEFAULT_MARGIN_PCT)]));
  const totalSavedUsd = Math.round(savings.reduce((s, r) => s + r.savedUsd, 0) * 1e6) / 1e6;
  return { days, topModel: top.label, rows, learned, savings, totalSavedUsd };
}
