import "server-only";
import type { CachedAnswer } from "./store";

/**
 * The LlmCall fields of a call answered from the response cache, to spread into the gateway's
 * `llmCall.create` data: no provider tokens were used and nothing was paid; the saving is what the
 * original call cost (rolled up with the prompt-cache savings in the cost panel).
 */
export function cacheHitRecord(hit: Pick<CachedAnswer, "costUsd">) {
  return {
    cacheHit: true,
    status: "ok",
    tokensIn: 0,
    tokensOut: 0,
    tokensCached: 0,
    tokensCacheWrite: 0,
    costUsd: "0.000000",
    cacheSavingsUsd: hit.costUsd.toFixed(6),
  } as const;
}

/** The usage a cache hit reports to its caller and to budget settlement: nothing consumed. */
export const CACHE_HIT_USAGE = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 } as const;
