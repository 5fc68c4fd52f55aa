import "server-only";
import type { LlmCallModel as LlmCall, Tx } from "@/server/db";
import { sharedUsageLock } from "./lock";
import { orgTimeZone } from "./time-zone";

export type UsageCall = Pick<
  LlmCall,
  | "orgId"
  | "projectId"
  | "taskId"
  | "userId"
  | "apiKeyId"
  | "agentRole"
  | "provider"
  | "model"
  | "purpose"
  | "status"
  | "tokensIn"
  | "tokensOut"
  | "tokensCached"
  | "costUsd"
  | "cacheSavingsUsd"
  | "createdAt"
>;

/**
 * Adds one recorded LlmCall to its UsageRollup row, in the caller's transaction (the one that inserted
 * the call), so the cost panel never disagrees with the calls. One statement: the lock, the org-local
 * day and the upsert.
 */
export async function addUsage(tx: Tx, call: UsageCall): Promise<void> {
  const tz = await orgTimeZone(call.orgId, tx);
  await tx.$executeRaw`
    INSERT INTO "UsageRollup" ("id", "orgId", "day", "projectId", "taskId", "userId", "apiKeyId", "agentRole",
      "provider", "model", "purpose", "status", "calls", "tokensIn", "tokensOut", "tokensCached", "costUsd", "cacheSavingsUsd")
    SELECT gen_random_uuid()::text, ${call.orgId}, (${call.createdAt.toISOString()}::timestamptz AT TIME ZONE ${tz})::date,
      ${call.projectId ?? ""}, ${call.taskId ?? ""}, ${call.userId ?? ""}, ${call.apiKeyId ?? ""}, ${call.agentRole ?? ""},
      ${call.provider}, ${call.model}, ${call.purpose}, ${call.status}, 1,
      ${call.tokensIn}::bigint, ${call.tokensOut}::bigint, ${call.tokensCached}::bigint,
      ${call.costUsd.toString()}::numeric, ${call.cacheSavingsUsd.toString()}::numeric
    FROM (SELECT ${sharedUsageLock(call.orgId)}) AS "lock"
    ON CONFLICT ("orgId", "day", "projectId", "taskId", "userId", "apiKeyId", "agentRole", "provider", "model", "purpose", "status")
    DO UPDATE SET
      "calls" = "UsageRollup"."calls" + 1,
      "tokensIn" = "UsageRollup"."tokensIn" + EXCLUDED."tokensIn",
      "tokensOut" = "UsageRollup"."tokensOut" + EXCLUDED."tokensOut",
      "tokensCached" = "UsageRollup"."tokensCached" + EXCLUDED."tokensCached",
      "costUsd" = "UsageRollup"."costUsd" + EXCLUDED."costUsd",
      "cacheSavingsUsd" = "UsageRollup"."cacheSavingsUsd" + EXCLUDED."cacheSavingsUsd"`;
}
