import "server-only";
import { env } from "@/server/env";
import { isCacheableRequest, type CacheableInput } from "./key";

// The gateway's cache step (contract: /work/notes/contracts/cache.md): the exact-match response cache
// per org, and the providers' prompt caching. The gateway and call-model.ts call these; nothing here
// calls a provider.

export { responseCacheKey, type CacheKeyRequest } from "./key";
export { readCachedAnswer, storeCachedAnswer, sweepExpiredCacheEntries, flushCacheHits, type CachedAnswer } from "./store";
export { CACHE_HIT_USAGE } from "./hit-record";
export { withPromptCaching, MAX_BREAKPOINTS, type CachedPromptParts, type PromptParts } from "./prompt-caching";

/** Whether a call may use the response cache: deterministic (temperature 0), not opted out, not a retry of a failed task, cache on (TTL > 0). */
export function isCacheable(opts: CacheableInput): boolean {
  return isCacheableRequest(opts, env.AIOS_LLM_CACHE_TTL_SECONDS);
}
