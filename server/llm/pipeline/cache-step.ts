import "server-only";
import { isCacheable, readCachedAnswer, responseCacheKey, storeCachedAnswer, type CachedAnswer } from "../cache";
import type { ModelAnswer } from "../call-model";
import type { GenerateOptions } from "../gateway-types";
import type { ResolvedModel } from "../registry";
import { outputAllowance } from "./admission";

// The cache step: deterministic calls (temperature 0, cache not refused) are looked up by the exact
// request on the first candidate, and a fresh answer is stored under the model that gave it.

const keyFor = (resolved: ResolvedModel, opts: GenerateOptions<unknown>) =>
  responseCacheKey(resolved, {
    purpose: opts.purpose,
    system: opts.system,
    messages: opts.messages,
    tools: opts.tools,
    output: opts.output,
    temperature: opts.temperature,
    maxOutputTokens: outputAllowance(resolved, opts),
  });

export async function lookUpCached(resolved: ResolvedModel, opts: GenerateOptions<unknown>): Promise<CachedAnswer | null> {
  if (!isCacheable(opts)) return null;
  const key = await keyFor(resolved, opts);
  return key ? readCachedAnswer(opts.scope.orgId, key) : null;
}

/** Never throws: a lost store only loses a later saving. */
export async function storeAnswer(resolved: ResolvedModel, opts: GenerateOptions<unknown>, answer: ModelAnswer<unknown>, costUsd: number): Promise<void> {
  if (!isCacheable(opts)) return;
  const key = await keyFor(resolved, opts).catch(() => null);
  if (key) await storeCachedAnswer(opts.scope.orgId, key, answer, costUsd, { provider: resolved.provider, modelId: resolved.modelId, output: opts.output !== undefined });
}
