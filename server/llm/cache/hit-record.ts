import "server-only";

/**
 * The usage a response-cache hit reports to its caller and records on its LlmCall: no provider tokens were
 * used. The hit's cost is 0 and its saving is what the stored answer cost (CachedAnswer.costUsd).
 */
export const CACHE_HIT_USAGE = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 } as const;
