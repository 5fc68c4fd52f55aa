import "server-only";
import { can, POLICY, ROLES, type Permission, type Role } from "@/lib/rbac";
import { db } from "@/server/db";
import { AppError, forbidden, notFound } from "@/server/errors";
import { roleIn, type Principal } from "./principal";

// The one permission check behind tRPC procedures, route handlers and Socket.IO rooms.
// Someone outside the org learns nothing: an unknown org and a foreign org look the same.
//
// API keys (principal.kind "apiKey") go through the same checks, plus two of their own, so no
// procedure needs code for them:
// - the permission must be in the creator's current role AND in the key's scopes;
// - a key restricted to a project reaches only that project (another project is "not found"), and is
//   refused every org-level permission except those in ORG_PERMISSIONS_FOR_PROJECT_KEYS: org-level
//   reads list other projects (projects.list, activity, the org room) and org-level actions create
//   things outside its project (projects.create, chat). The model catalog is org configuration that
//   names no project, so it stays readable.

/** Ids are cuids; anything else (NUL bytes, odd Unicode, paths) names nothing and never reaches a query. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export const ORG_PERMISSIONS_FOR_PROJECT_KEYS: ReadonlySet<Permission> = new Set<Permission>(["models:read"]);

export function authorizeOrg(principal: Principal | null, orgId: string, permission: Permission): { orgId: string; role: Role } {
  const result = checkOrg(principal, orgId, permission);
  if (principal?.kind === "apiKey" && principal.key.projectId && !ORG_PERMISSIONS_FOR_PROJECT_KEYS.has(permission)) {
    throw forbidden(`This API key is restricted to one project, so it cannot use ${permission} across the organisation. Use a key without a project restriction.`);
  }
  return result;
}

export async function authorizeProject(
  principal: Principal | null,
  projectId: string,
  permission: Permission,
): Promise<{ orgId: string; projectId: string; role: Role }> {
  if (!principal) throw new AppError("UNAUTHORIZED", "Please sign in.");
  if (!ID.test(projectId)) throw notFound("Project");
  // A project-restricted key sees no other project, not even whether it exists.
  if (principal.kind === "apiKey" && principal.key.projectId && principal.key.projectId !== projectId) throw notFound("Project");
  const project = await db.project.findUnique({ where: { id: projectId }, select: { orgId: true } });
  if (!project || !roleIn(principal, project.orgId)) throw notFound("Project");
  const { role } = checkOrg(principal, project.orgId, permission);
  return { orgId: project.orgId, projectId, role };
}

/** What the caller may do in the org: the role's permissions, narrowed by an API key's scopes. */
export function permissionsIn(principal: Principal | null, orgId: string): Set<Permission> {
  const role = roleIn(principal, orgId);
  if (!role) return new Set();
  const granted = new Set(POLICY[role]);
  if (principal?.kind === "apiKey") for (const p of granted) if (!principal.key.scopes.includes(p)) granted.delete(p);
  return granted;
}

function checkOrg(principal: Principal | null, orgId: string, permission: Permission): { orgId: string; role: Role } {
  if (!principal) throw new AppError("UNAUTHORIZED", "Please sign in.");
  const role = ID.test(orgId) ? roleIn(principal, orgId) : null;
  if (!role) throw notFound("Organisation");
  if (!can(role, permission)) throw forbidden(`Your role (${role}) does not allow ${permission}.`);
  if (principal.kind !== "apiKey") return { orgId, role };
  if (!principal.key.scopes.includes(permission)) throw forbidden(`This API key's scopes do not include ${permission}.`);
  return { orgId, role: roleForServices(role, permissionsIn(principal, orgId)) };
}

/**
 * The role services see for a key (`ctx.org.role`, used by role rules such as canAssignRole): the
 * highest role whose whole permission set the key holds, never above the creator's. A lower bound, so
 * a role rule can never grant a key more than its scopes; at worst it refuses something the scopes
 * would allow (e.g. an owner's key without chat:use acts as a viewer in role rules).
 */
function roleForServices(creatorRole: Role, held: Set<Permission>): Role {
  for (const r of ROLES.slice(ROLES.indexOf(creatorRole))) if ([...POLICY[r]].every((p) => held.has(p))) return r;
  return "viewer";
}
