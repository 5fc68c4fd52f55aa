import "server-only";
import { z } from "zod";
import type { Prisma } from "@/server/db";
import { db } from "@/server/db";
import { auditNames } from "./target-names";

export const AuditQuery = z.object({
  actorId: z.string().max(64).optional(),
  action: z.string().max(100).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
  cursor: z.string().max(64).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

/** An org's trail: its own rows plus its members' sign-in events (which belong to no org). */
async function orgScope(orgId: string): Promise<Prisma.AuditLogWhereInput> {
  const members = await db.membership.findMany({ where: { orgId }, select: { userId: true } });
  return { OR: [{ orgId }, { orgId: null, actorId: { in: members.map((m) => m.userId) } }] };
}

export async function listAudit(orgId: string, q: z.infer<typeof AuditQuery>) {
  const where: Prisma.AuditLogWhereInput = {
    AND: [
      await orgScope(orgId),
      q.actorId ? { actorId: q.actorId } : {},
      q.action ? { action: q.action } : {},
      q.from || q.to ? { createdAt: { gte: q.from, lte: q.to } } : {},
    ],
  };
  const rows = await db.auditLog.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, q.limit);
  const names = await auditNames(orgId, page);
  return {
    items: page.map((r) => ({
      id: r.id,
      createdAt: r.createdAt,
      actor: r.actorId || r.actorEmail ? { id: r.actorId, email: r.actorEmail, name: (r.actorId && names.actors.get(r.actorId)) || null } : null,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      targetName: (r.targetId && names.targets.get(r.targetId)) || null,
      outcome: r.outcome,
      ip: r.ip,
      detail: r.detail as unknown,
    })),
    nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function listAuditActions(orgId: string): Promise<string[]> {
  const rows = await db.auditLog.findMany({
    where: await orgScope(orgId),
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
  });
  return rows.map((r) => r.action);
}
