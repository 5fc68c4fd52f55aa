import "server-only";
import { db, Prisma } from "@/server/db";
import { env } from "@/server/env";
import { logger } from "@/server/observability/logger";
import type { ModelAnswer } from "../call-model";

// The response cache's rows. Every query names the org: one org's answers are never another's, even for
// a byte-identical request (its prompt may hold that org's data).

export type CachedAnswer = {
  answer: ModelAnswer;
  /** What the original call cost: what this hit saves. */
  costUsd: number;
  entryId: string;
};

/** An answer larger than this is not worth a row (and a replay of it would be rare). */
const MAX_STORED_BYTES = 1_000_000;
/** Finish reasons of a complete answer; "length" (cut off), "error", "content-filter" and "other" are never stored. */
const COMPLETE = new Set(["stop", "tool-calls"]);

/** The org's live entry for `key` (not expired), counting the hit; null on a miss. */
export async function readCachedAnswer(orgId: string, key: string, opts: { now?: Date } = {}): Promise<CachedAnswer | null> {
  // A read only: a hit must stay fast, and on Postgres a write would wait for its commit to reach the disk.
  const row = await db.llmResponseCache.findFirst({
    where: { orgId, key, expiresAt: { gt: opts.now ?? new Date() } },
    select: { id: true, answer: true, costUsd: true },
  });
  if (!row) return null;
  countHit(row.id);
  return { answer: row.answer as unknown as ModelAnswer, costUsd: Number(row.costUsd), entryId: row.id };
}

// Hits are counted in memory and written in batches (a statistic: a crash may lose a few seconds of them).
// No timer: a batch is written by the next store, the worker's sweep, or a read once the batch is old.
const HIT_FLUSH_AFTER_MS = 10_000;
const pendingHits = new Map<string, number>();
let pendingSince = 0;

function countHit(entryId: string): void {
  if (pendingHits.size === 0) pendingSince = Date.now();
  pendingHits.set(entryId, (pendingHits.get(entryId) ?? 0) + 1);
  if (Date.now() - pendingSince >= HIT_FLUSH_AFTER_MS) {
    flushCacheHits().catch((err: unknown) => logger.warn({ err }, "counting response-cache hits failed"));
  }
}

/** Writes the counted hits (one statement); returns how many entries it updated. */
export async function flushCacheHits(): Promise<number> {
  if (pendingHits.size === 0) return 0;
  const batch = [...pendingHits];
  pendingHits.clear();
  return db.$executeRaw`
    UPDATE "LlmResponseCache" AS c SET "hits" = c."hits" + v.n
    FROM unnest(${batch.map(([id]) => id)}::text[], ${batch.map(([, n]) => n)}::int[]) AS v(id, n)
    WHERE c."id" = v.id`;
}

/** Why an answer must not be stored (null: it may be). */
function notStorable(answer: ModelAnswer, opts: { output?: boolean } = {}): string | null {
  if (!COMPLETE.has(answer.finishReason)) return `the answer did not finish (${answer.finishReason})`;
  if (answer.toolCalls.some((c) => c.invalid)) return "it holds an invalid tool call";
  // Structured output asked for, and neither an object nor tool calls came back: a failed answer.
  if (opts.output && answer.object === undefined && answer.toolCalls.length === 0) return "the structured output is missing";
  if (answer.text === "" && answer.toolCalls.length === 0 && answer.object === undefined) return "the answer is empty";
  return null;
}

/**
 * Stores a finished answer of a deterministic call with what it cost (an upsert: a concurrent identical
 * call may store the same key first). Returns false when it was not stored: an incomplete answer, TTL 0,
 * or a write that failed (logged: the call itself succeeded, only its reuse is lost).
 */
export async function storeCachedAnswer(
  orgId: string,
  key: string,
  answer: ModelAnswer,
  costUsd: number,
  meta: { provider: string; modelId: string; output?: boolean },
  opts: { ttlSeconds?: number; now?: Date } = {},
): Promise<boolean> {
  const ttlSeconds = opts.ttlSeconds ?? env.AIOS_LLM_CACHE_TTL_SECONDS;
  if (ttlSeconds <= 0 || notStorable(answer, { output: meta.output })) return false;
  let json: Prisma.InputJsonValue;
  try {
    const text = JSON.stringify(stored(answer));
    if (Buffer.byteLength(text) > MAX_STORED_BYTES) return false;
    json = JSON.parse(text) as Prisma.InputJsonValue;
  } catch {
    return false; // not JSON (a binary part): replaying it would not be the same answer
  }
  const now = opts.now ?? new Date();
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  const data = { provider: meta.provider, model: meta.modelId, answer: json, costUsd: costUsd.toFixed(6), expiresAt, createdAt: now };
  await flushCacheHits().catch((err: unknown) => logger.warn({ err }, "counting response-cache hits failed"));
  try {
    await db.llmResponseCache.upsert({
      where: { orgId_key: { orgId, key } },
      create: { orgId, key, ...data },
      update: { ...data, hits: 0 },
    });
    return true;
  } catch (err) {
    logger.warn({ err, orgId }, "storing a model answer in the response cache failed");
    return false;
  }
}

// Only the answer's own fields: a ModelAnswer may grow fields that are about the attempt, not the answer.
const stored = (a: ModelAnswer) => ({
  text: a.text,
  toolCalls: a.toolCalls,
  ...(a.object !== undefined ? { object: a.object } : {}),
  finishReason: a.finishReason,
  usage: a.usage,
  responseMessages: a.responseMessages,
});

const SWEEP_BATCH = 1_000;

/**
 * Deletes expired entries, at most `limit` (oldest first) so one sweep never holds the table for long;
 * reads ignore expired rows anyway, this only keeps the table small. Runs on the worker's schedule, and
 * writes the hits counted so far first.
 */
export async function sweepExpiredCacheEntries(opts: { now?: Date; limit?: number } = {}): Promise<number> {
  await flushCacheHits().catch((err: unknown) => logger.warn({ err }, "counting response-cache hits failed"));
  const now = (opts.now ?? new Date()).toISOString().replace("Z", ""); // timestamp(3) holds UTC wall clock
  return db.$executeRaw`
    DELETE FROM "LlmResponseCache" WHERE "id" IN (
      SELECT "id" FROM "LlmResponseCache" WHERE "expiresAt" < ${now}::timestamp ORDER BY "expiresAt" LIMIT ${opts.limit ?? SWEEP_BATCH}
    )`;
}
