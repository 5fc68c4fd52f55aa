import "server-only";
import type { Prisma } from "@/server/db";
import { db, type Tx } from "@/server/db";
import { logger } from "@/server/observability/logger";

export type AuditEntry = {
  orgId?: string | null;
  actorId?: string | null;
  actorEmail?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  outcome: "success" | "failure" | "denied";
  ip?: string | null;
  detail?: Prisma.InputJsonValue;
};

/** Appends one audit row. Never throws: a failed audit write is logged, not shown to the user. */
export async function writeAudit(entry: AuditEntry, tx: Tx = db): Promise<void> {
  try {
    await tx.auditLog.create({ data: entry });
  } catch (err) {
    logger.error({ err, action: entry.action }, "audit write failed");
  }
}

const SECRET_KEY = /pass(word)?|token|secret|key|authorization/i;

/** Input as stored in the audit detail: secret-looking fields replaced. */
export function redactInput(input: unknown): Prisma.InputJsonValue | undefined {
  if (input === undefined || input === null) return undefined;
  if (typeof input !== "object") return input as Prisma.InputJsonValue;
  if (Array.isArray(input)) return input.map((v) => redactInput(v) ?? null) as Prisma.InputJsonValue;
  const out: Record<string, Prisma.InputJsonValue | null> = {};
  for (const [k, v] of Object.entries(input)) {
    out[k] = SECRET_KEY.test(k) ? "[redacted]" : v instanceof Date ? v.toISOString() : (redactInput(v) ?? null);
  }
  return out;
}

export { AuditQuery, listAudit, listAuditActions } from "./query";
