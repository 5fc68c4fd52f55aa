import "server-only";
import { hostname } from "node:os";
import { admit, estimateInputTokens, release, type Admission } from "@/server/governance/budgets";
import { logger } from "@/server/observability/logger";
import type { GenerateOptions, ToolSpec } from "../gateway-types";
import { costOf } from "../prices";
import type { ProviderRegistry, ResolvedModel } from "../registry";
import { safeJsonSchema } from "../schema-json";

// The admission step: before each attempt, its worst case (prompt bound + output allowance at the
// attempt's model's price) is held on every budget that applies. Each attempt has its own hold and
// its own record, so every hold has exactly one settle (in the record) or release (here).

/**
 * What a call without maxOutputTokens may answer. The allowance is sent to the provider as the call's
 * limit, so the hold (prompt bound + allowance) really is the most the call can cost.
 */
export const DEFAULT_OUTPUT_ALLOWANCE = 8_192;
const HOLDER = `${hostname()}:${process.pid}`;

/** The prompt's size as admission counts it (system, messages, tool schemas), in tokens. */
export function promptTokenEstimate(opts: Pick<GenerateOptions<unknown>, "system" | "messages" | "tools">): number {
  return estimateInputTokens([opts.system, opts.messages, opts.tools ? toolSchemas(opts.tools) : undefined]);
}

const toolSchemas = (tools: Record<string, ToolSpec>) =>
  Object.entries(tools).map(([name, t]) => ({ name, description: t.description, schema: safeJsonSchema(t.inputSchema) }));

/** The output limit sent with the call: what was asked (or the default), never above the model's own. */
export function outputAllowance(resolved: ResolvedModel, opts: Pick<GenerateOptions<unknown>, "maxOutputTokens">): number {
  return Math.min(opts.maxOutputTokens ?? DEFAULT_OUTPUT_ALLOWANCE, resolved.maxOutputTokens);
}

/** The most an attempt on `resolved` can cost: its prompt (estimated) plus the output allowance. */
export function worstCase(resolved: ResolvedModel, opts: GenerateOptions<unknown>, promptTokens: number): { usd: number; tokens: number } {
  const outputTokens = outputAllowance(resolved, opts);
  return { usd: costOf(resolved.price, { inputTokens: promptTokens, outputTokens, cachedInputTokens: 0 }), tokens: promptTokens + outputTokens };
}

export function holdFor(registry: ProviderRegistry, opts: GenerateOptions<unknown>, resolved: ResolvedModel, promptTokens: number): Promise<Admission> {
  return admit({
    scope: opts.scope,
    worstCase: worstCase(resolved, opts, promptTokens),
    holder: HOLDER,
    // Outlives the attempt's timeout, so the sweep never takes back a hold of a call still running.
    ttlMs: registry.config.timeoutMs + 5 * 60_000,
  });
}

/** Gives a hold back without charging (it was never used, or its record failed); never throws. */
export async function releaseHold(admission: Admission | null): Promise<void> {
  if (!admission) return;
  await release(admission).catch((err: unknown) => logger.warn({ err }, "releasing a budget hold failed"));
}
