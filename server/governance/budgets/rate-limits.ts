import "server-only";
import { listBudgetStatus } from "./status";

export type RateRefusal = { retryAfterSeconds: number; message: string };

/**
 * Before an HTTP request that will call a model starts answering (a stream cannot change its status
 * once it has begun): is a per-minute budget of this caller (org, person, API key) already full?
 * Then the request gets 429 with Retry-After instead of a stream. The admission in server/llm stays
 * the guard; this only answers early and in HTTP's own words.
 */
export async function rateLimitedNow(scope: { orgId: string; userId?: string | null; apiKeyId?: string | null }, now = new Date()): Promise<RateRefusal | null> {
  const statuses = await listBudgetStatus(scope.orgId);
  const full = statuses.filter(
    (s) =>
      s.period === "minute" &&
      (s.scope === "org" || (s.scope === "user" && s.scopeId === scope.userId) || (s.scope === "apiKey" && s.scopeId === scope.apiKeyId)) &&
      (s.metric === "requests" ? s.remaining < 1 : s.remaining <= 0),
  );
  if (full.length === 0) return null;
  const until = Math.max(...full.map((s) => s.periodEnd?.getTime() ?? now.getTime() + 60_000));
  const retryAfterSeconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  const what = full[0]!.metric === "requests" ? "requests" : "tokens";
  const whose = { org: "the organisation's", user: "your personal", apiKey: "this API key's" }[full[0]!.scope as "org"] ?? "a";
  return { retryAfterSeconds, message: `Too many ${what} this minute for ${whose} limit; try again in ${retryAfterSeconds} s.` };
}
