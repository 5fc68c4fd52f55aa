import "server-only";
import { createHash } from "node:crypto";
import type { ModelMessage, SystemModelMessage, ToolSet } from "ai";
import type { SharedV3ProviderOptions } from "@ai-sdk/provider";

// Provider prompt caching: the provider keeps the processed prefix of a prompt and bills its re-reads at
// the cached-input price (prices.ts costs them at their own rate). An agent loop re-sends the same
// tools, system prompt and growing history every step, so most of each step's prompt is such a prefix.
//
// Anthropic caches only up to explicit breakpoints (cache_control), at most four per request. The AI SDK
// puts them where `providerOptions.anthropic.cacheControl` is set: on a tool, a system message, or a
// message (its last content part). OpenAI caches every prompt's longest previously seen prefix by itself
// (from 1024 tokens); what helps is a byte-stable prefix and a prompt_cache_key that routes requests with
// the same prefix to the same cache.

/** Anthropic's limit per request; the SDK drops (with a warning) any breakpoint beyond it. */
export const MAX_BREAKPOINTS = 4;

const EPHEMERAL = { cacheControl: { type: "ephemeral" } } as const;

export type PromptParts = { system: string; messages: ModelMessage[]; tools?: ToolSet };
export type CachedPromptParts = {
  system: string | SystemModelMessage;
  messages: ModelMessage[];
  tools?: ToolSet;
  /** Merge into the call's providerOptions (OpenAI's prompt_cache_key); absent when there is nothing to add. */
  providerOptions?: SharedV3ProviderOptions;
};

/**
 * The prompt with the provider's caching hints. Never mutates the input (the caller's history is the
 * agent's record); returns new objects only where a hint was added.
 */
export function withPromptCaching(resolved: { provider: string }, input: PromptParts): CachedPromptParts {
  switch (resolved.provider) {
    case "anthropic":
      return anthropicBreakpoints(input);
    case "openai":
      return { ...input, providerOptions: { openai: { promptCacheKey: promptCacheKey(input) } } };
    default:
      return { ...input };
  }
}

/**
 * Breakpoints, in prefix order (Anthropic renders tools, then system, then messages): the last tool, the
 * system prompt, the end of the history the previous step already sent (this step reads its cache), and
 * the last message (written now, read by the next step: agent history is append-only).
 */
function anthropicBreakpoints(input: PromptParts): CachedPromptParts {
  let budget = MAX_BREAKPOINTS - countExisting(input);
  const out: CachedPromptParts = { system: input.system, messages: input.messages, tools: input.tools };

  // The SDK sends tools in key order: the last entry ends the tools block.
  const lastTool = input.tools ? Object.entries(input.tools).at(-1) : undefined;
  if (lastTool && budget > 0) {
    const [name, tool] = lastTool;
    out.tools = { ...input.tools, [name]: { ...tool, providerOptions: withCacheControl(tool.providerOptions) } };
    budget--;
  }
  if (input.system !== "" && budget > 0) {
    out.system = { role: "system", content: input.system, providerOptions: withCacheControl(undefined) };
    budget--;
  }
  const marks = historyBreakpoints(input.messages).slice(0, Math.max(0, budget));
  if (marks.length > 0) {
    out.messages = input.messages.map((m, i) => (marks.includes(i) ? ({ ...m, providerOptions: withCacheControl(m.providerOptions) } as ModelMessage) : m));
  }
  return out;
}

/**
 * Which messages get a breakpoint, most valuable first: the last message, then the last message of the
 * previous step's prompt (the one before the latest assistant turn). Anthropic looks back only about 20
 * blocks from a breakpoint for an earlier cache entry, so after a long tool turn the second mark is what
 * still finds the previous step's cache.
 */
export function historyBreakpoints(messages: ModelMessage[]): number[] {
  const marks: number[] = [];
  const last = messages.length - 1;
  const role = (i: number) => messages[i]?.role;
  if (last < 0 || role(last) === "system") return marks;
  marks.push(last);
  for (let i = last; i > 0; i--) {
    if (role(i) === "assistant") {
      const previousEnd = i - 1;
      if (previousEnd !== last && role(previousEnd) !== "system") marks.push(previousEnd);
      break;
    }
  }
  return marks;
}

function withCacheControl(options: SharedV3ProviderOptions | undefined): SharedV3ProviderOptions {
  return { ...options, anthropic: { ...options?.anthropic, ...EPHEMERAL } };
}

/** Breakpoints the caller already placed count against the limit. */
function countExisting(input: PromptParts): number {
  const has = (o: SharedV3ProviderOptions | undefined) => (o?.anthropic && ("cacheControl" in o.anthropic || "cache_control" in o.anthropic) ? 1 : 0);
  let n = 0;
  for (const t of Object.values(input.tools ?? {})) n += has(t.providerOptions);
  for (const m of input.messages) n += has(m.providerOptions);
  return n;
}

/**
 * OpenAI's prompt_cache_key: requests with the same key and prefix go to the same cache. The system
 * prompt and the tool names identify the stable prefix (the same agent prompt), whatever the history.
 */
function promptCacheKey(input: PromptParts): string {
  const h = createHash("sha256").update(input.system).update("\u0000");
  for (const name of Object.keys(input.tools ?? {})) h.update(name).update("\u0000");
  return `aios-${h.digest("hex").slice(0, 32)}`;
}
