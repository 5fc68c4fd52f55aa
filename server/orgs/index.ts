import "server-only";
import { z } from "zod";
import { hashPassword, MIN_PASSWORD_LENGTH } from "@/server/auth";
import { ensureDefaultAgents } from "@/server/agents/registry";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { uniqueOrgSlug } from "./slug";

export const OrgName = z.string().trim().min(2, "Organisation name needs at least 2 characters").max(80);
export const PersonName = z.string().trim().min(1, "Name is required").max(120);
export const Email = z.string().trim().toLowerCase().email("Enter a valid email address").max(254);
export const Password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Password needs at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024);

export const SetupInput = z.object({ name: PersonName, email: Email, password: Password, orgName: OrgName });

/**
 * First run: the first person becomes owner of the first org. Runs once; the check and the
 * insert share a transaction guarded by an advisory lock so two racing requests cannot both win.
 */
export async function createFirstOwner(input: z.infer<typeof SetupInput>): Promise<{ userId: string; orgId: string }> {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(4242001)`;
    if ((await tx.user.count()) > 0) {
      throw new AppError("PRECONDITION_FAILED", "Setup is already complete. Sign in instead.");
    }
    const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash } });
    const org = await tx.org.create({ data: { name: input.orgName, slug: await uniqueOrgSlug(tx, input.orgName) } });
    await tx.membership.create({ data: { orgId: org.id, userId: user.id, role: "owner" } });
    await ensureDefaultAgents(org.id, tx);
    return { userId: user.id, orgId: org.id };
  });
}

export async function createOrg(userId: string, name: string): Promise<{ orgId: string }> {
  return db.$transaction(async (tx) => {
    const org = await tx.org.create({ data: { name, slug: await uniqueOrgSlug(tx, name) } });
    await tx.membership.create({ data: { orgId: org.id, userId, role: "owner" } });
    await ensureDefaultAgents(org.id, tx);
    return { orgId: org.id };
  });
}
