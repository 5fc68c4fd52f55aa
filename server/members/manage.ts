import "server-only";
import { canAssignRole, type Role } from "@/lib/rbac";
import { revokeAllSessions } from "@/server/auth/account";
import { db, type Tx } from "@/server/db";
import { AppError, forbidden, notFound } from "@/server/errors";
import { revokeUserConnections, withEvents } from "@/server/events";

type Actor = { userId: string; name: string; role: Role };

export async function listMembers(orgId: string) {
  const rows = await db.membership.findMany({
    where: { orgId },
    include: { user: { select: { id: true, name: true, email: true, lastLoginAt: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({
    userId: m.user.id,
    name: m.user.name,
    email: m.user.email,
    role: m.role,
    status: m.status,
    joinedAt: m.createdAt,
    lastLoginAt: m.user.lastLoginAt,
  }));
}

/** Loads the target and checks the actor may act on them: never on yourself, owners only by owners. */
async function target(tx: Tx, actor: Actor, orgId: string, userId: string) {
  if (userId === actor.userId) throw forbidden("You cannot change your own membership here.");
  const m = await tx.membership.findUnique({ where: { orgId_userId: { orgId, userId } }, include: { user: true } });
  if (!m) throw notFound("Member");
  if (!canAssignRole(actor.role, m.role)) throw forbidden(`Your role cannot change an ${m.role}.`);
  return m;
}

async function assertAnotherOwner(tx: Tx, orgId: string, leavingUserId: string) {
  const owners = await tx.membership.count({
    where: { orgId, role: "owner", status: "active", userId: { not: leavingUserId } },
  });
  if (owners === 0) throw new AppError("PRECONDITION_FAILED", "An organisation needs at least one active owner.");
}

export async function setMemberRole(actor: Actor, orgId: string, userId: string, role: Role): Promise<void> {
  if (!canAssignRole(actor.role, role)) throw forbidden(`Your role cannot grant the ${role} role.`);
  await withEvents(async (tx, emit) => {
    const m = await target(tx, actor, orgId, userId);
    if (m.role === "owner" && role !== "owner") await assertAnotherOwner(tx, orgId, userId);
    await tx.membership.update({ where: { id: m.id }, data: { role } });
    await emit({ orgId, type: "member.updated", payload: { userId, name: m.user.name, role, by: actor.name } });
  });
  await revokeUserConnections(userId);
}

export async function setMemberStatus(actor: Actor, orgId: string, userId: string, status: "active" | "disabled"): Promise<void> {
  await withEvents(async (tx, emit) => {
    const m = await target(tx, actor, orgId, userId);
    if (status === "disabled" && m.role === "owner") await assertAnotherOwner(tx, orgId, userId);
    await tx.membership.update({ where: { id: m.id }, data: { status } });
    await emit({ orgId, type: "member.updated", payload: { userId, name: m.user.name, status, by: actor.name } });
  });
  await revokeUserConnections(userId);
}

export async function removeMember(actor: Actor, orgId: string, userId: string): Promise<void> {
  await withEvents(async (tx, emit) => {
    const m = await target(tx, actor, orgId, userId);
    if (m.role === "owner") await assertAnotherOwner(tx, orgId, userId);
    await tx.membership.delete({ where: { id: m.id } });
    await emit({ orgId, type: "member.removed", payload: { userId, name: m.user.name, by: actor.name } });
  });
  await revokeUserConnections(userId);
}

/**
 * "Sign out everywhere" for a member: every session of theirs ends on its next request and their live
 * sockets drop. Sessions belong to the person, not the org, so this also ends their sessions in other
 * orgs (they can sign in again; disable them to keep them out). Owners only by owners, never yourself.
 */
export async function signOutMember(actor: Actor, orgId: string, userId: string): Promise<{ signedOut: number }> {
  if (userId === actor.userId) throw forbidden("Sign out your own sessions on your Account page.");
  const m = await db.membership.findUnique({ where: { orgId_userId: { orgId, userId } } });
  if (!m) throw notFound("Member");
  if (!canAssignRole(actor.role, m.role)) throw forbidden(`Your role cannot sign out an ${m.role}.`);
  return { signedOut: await revokeAllSessions(userId) };
}
