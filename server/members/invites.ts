import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { canAssignRole, ROLES, type Role } from "@/lib/rbac";
import { hashPassword, verifyPassword } from "@/server/auth";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { AppError, forbidden, notFound } from "@/server/errors";
import { withEvents } from "@/server/events";
import { Email, Password, PersonName } from "@/server/orgs";
import type { LinkBase } from "./invite-address";

const INVITE_DAYS = 7;
export const InviteInput = z.object({ email: Email, role: z.enum(ROLES) });
export const AcceptInput = z.object({ token: z.string().min(20).max(200), name: PersonName.optional(), password: Password });

// Only the token's hash is stored: the link is shown once, and a database leak yields no usable links.
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createInvite(
  actor: { userId: string; name: string; role: Role },
  orgId: string,
  input: z.infer<typeof InviteInput>,
  link: LinkBase = { baseUrl: env.publicUrl, publicUrlSet: Boolean(env.AIOS_PUBLIC_URL) },
): Promise<{ inviteId: string; url: string; publicUrlSet: boolean }> {
  if (!canAssignRole(actor.role, input.role)) throw forbidden(`Your role cannot invite people as ${input.role}.`);
  const member = await db.membership.findFirst({ where: { orgId, user: { email: input.email } } });
  if (member) throw new AppError("CONFLICT", `${input.email} is already a member of this organisation.`);
  const token = randomBytes(32).toString("base64url");
  const invite = await withEvents(async (tx, emit) => {
    // A new invite for the same address replaces any pending one.
    await tx.invite.updateMany({
      where: { orgId, email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const created = await tx.invite.create({
      data: {
        orgId,
        email: input.email,
        role: input.role,
        tokenHash: hashToken(token),
        invitedById: actor.userId,
        expiresAt: new Date(Date.now() + INVITE_DAYS * 86400_000),
      },
    });
    await emit({ orgId, type: "member.invited", payload: { email: input.email, role: input.role, by: actor.name } });
    return created;
  });
  return { inviteId: invite.id, url: `${link.baseUrl}/invite/${token}`, publicUrlSet: link.publicUrlSet };
}

export async function listPendingInvites(orgId: string) {
  const invites = await db.invite.findMany({
    where: { orgId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
  });
  const inviters = await db.user.findMany({
    where: { id: { in: invites.map((i) => i.invitedById) } },
    select: { id: true, name: true },
  });
  const names = new Map(inviters.map((u) => [u.id, u.name]));
  return invites.map((i) => ({
    id: i.id,
    email: i.email,
    role: i.role,
    expiresAt: i.expiresAt,
    createdAt: i.createdAt,
    invitedBy: names.get(i.invitedById) ?? null,
  }));
}

export async function revokeInvite(orgId: string, inviteId: string): Promise<void> {
  const { count } = await db.invite.updateMany({
    where: { id: inviteId, orgId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw notFound("Pending invite");
}

async function usableInvite(token: string) {
  const invite = await db.invite.findUnique({ where: { tokenHash: hashToken(token) }, include: { org: true } });
  if (!invite || invite.revokedAt || invite.acceptedAt || invite.expiresAt <= new Date()) {
    throw new AppError("NOT_FOUND", "This invite link is invalid, expired or already used. Ask for a new one.");
  }
  return invite;
}

export async function describeInvite(token: string) {
  const invite = await usableInvite(token);
  const [inviter, existing] = await Promise.all([
    db.user.findUnique({ where: { id: invite.invitedById }, select: { name: true } }),
    db.user.findUnique({ where: { email: invite.email }, select: { id: true } }),
  ]);
  return {
    orgName: invite.org.name,
    email: invite.email,
    role: invite.role,
    invitedBy: inviter?.name ?? null,
    existingUser: Boolean(existing),
  };
}

/** Accepts an invite: a new person creates their account; an existing one proves it with their password. */
export async function acceptInvite(input: z.infer<typeof AcceptInput>): Promise<{ email: string; userId: string; orgId: string }> {
  const invite = await usableInvite(input.token);
  const existing = await db.user.findUnique({ where: { email: invite.email } });
  if (existing) {
    if (!(await verifyPassword(existing.passwordHash, input.password))) {
      throw new AppError("UNAUTHORIZED", "That password does not match your existing account.");
    }
  } else if (!input.name) {
    throw new AppError("BAD_REQUEST", "name: Name is required");
  }
  const passwordHash = existing ? null : await hashPassword(input.password);
  const userId = await withEvents(async (tx, emit) => {
    const claimed = await tx.invite.updateMany({
      where: { id: invite.id, acceptedAt: null, revokedAt: null },
      data: { acceptedAt: new Date() },
    });
    if (claimed.count === 0) throw new AppError("CONFLICT", "This invite was just used or revoked.");
    const user = existing ?? (await tx.user.create({ data: { email: invite.email, name: input.name!, passwordHash } }));
    await tx.membership.upsert({
      where: { orgId_userId: { orgId: invite.orgId, userId: user.id } },
      create: { orgId: invite.orgId, userId: user.id, role: invite.role },
      update: { role: invite.role, status: "active" },
    });
    await emit({ orgId: invite.orgId, type: "member.joined", payload: { userId: user.id, name: user.name, role: invite.role } });
    return user.id;
  });
  return { email: invite.email, userId, orgId: invite.orgId };
}
