import "server-only";
import { can, type Permission, type Role } from "@/lib/rbac";
import { db } from "@/server/db";
import { AppError, forbidden, notFound } from "@/server/errors";
import { roleIn, type Principal } from "./principal";

// The one permission check behind tRPC procedures, route handlers and Socket.IO rooms.
// Someone outside the org learns nothing: an unknown org and a foreign org look the same.

/** Ids are cuids; anything else (NUL bytes, odd Unicode, paths) names nothing and never reaches a query. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function authorizeOrg(principal: Principal | null, orgId: string, permission: Permission): { orgId: string; role: Role } {
  if (!principal) throw new AppError("UNAUTHORIZED", "Please sign in.");
  const role = ID.test(orgId) ? roleIn(principal, orgId) : null;
  if (!role) throw notFound("Organisation");
  if (!can(role, permission)) throw forbidden(`Your role (${role}) does not allow ${permission}.`);
  return { orgId, role };
}

export async function authorizeProject(
  principal: Principal | null,
  projectId: string,
  permission: Permission,
): Promise<{ orgId: string; projectId: string; role: Role }> {
  if (!principal) throw new AppError("UNAUTHORIZED", "Please sign in.");
  if (!ID.test(projectId)) throw notFound("Project");
  const project = await db.project.findUnique({ where: { id: projectId }, select: { orgId: true } });
  if (!project || !roleIn(principal, project.orgId)) throw notFound("Project");
  const { role } = authorizeOrg(principal, project.orgId, permission);
  return { orgId: project.orgId, projectId, role };
}
