import "server-only";
import type { Prisma } from "@/server/db";
import { db } from "@/server/db";
import { logger } from "@/server/observability/logger";
import { auditSummary } from "./summary";

export type AuditEntry = {
  orgId?: string | null;
  actorId?: string | null;
  actorEmail?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  outcome: "success" | "failure" | "denied";
  ip?: string | null;
  /** Anything: stored as a bounded, redacted summary (see auditSummary). */
  detail?: unknown;
};

/** The row as stored: short plain strings, a bounded redacted detail. Never throws. */
function auditRow(entry: AuditEntry): Prisma.AuditLogUncheckedCreateInput {
  const text = (value: string | null | undefined, max = 200) =>
    value == null ? null : value.replaceAll("\u0000", "\uFFFD").toWellFormed().slice(0, max);
  return {
    orgId: text(entry.orgId, 64),
    actorId: text(entry.actorId, 64),
    actorEmail: text(entry.actorEmail, 320),
    action: text(entry.action, 100) ?? "unknown",
    targetType: text(entry.targetType, 40),
    targetId: text(entry.targetId, 64),
    outcome: entry.outcome,
    ip: text(entry.ip, 64),
    detail: auditSummary(entry.detail),
  };
}

/**
 * Appends one audit row through `db` — inside a request's transaction scope, in that transaction, so
 * the row and the change it records commit together. Throws if the row cannot be written (the
 * caller's change must then not happen).
 */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  await db.auditLog.create({ data: auditRow(entry) });
}

/** Appends one audit row inside a given transaction (code that runs in someone else's transaction). */
export async function recordAuditIn(tx: Pick<typeof db, "auditLog">, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({ data: auditRow(entry) });
}

/**
 * Appends one audit row for something that already happened (a sign-in, a refused request). If the
 * write fails the row is not lost silently: it goes to the error log whole.
 */
export async function writeAudit(entry: AuditEntry): Promise<void> {
  const row = auditRow(entry);
  try {
    await db.auditLog.create({ data: row });
  } catch (err) {
    logger.error({ err, audit: row }, "audit write failed; the row is kept in this log line");
  }
}

export { auditSummary, MAX_SUMMARY_CHARS } from "./summary";
export { AuditQuery, listAudit, listAuditActions } from "./query";
