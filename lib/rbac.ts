// Roles and permissions as data. One `can()` serves the server (procedure builders, Socket.IO
// rooms, route handlers) and the UI (hiding what a role cannot do).

export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "org:read",
  "org:update",
  "members:read",
  "members:invite",
  "members:manage",
  "owners:manage",
  "audit:read",
  "projects:read",
  "projects:create",
  "projects:update",
  // Safety settings (command approval, step and time limits): the controls meant to hold members.
  "projects:safety",
  "projects:delete",
  "projects:run",
  "tasks:read",
  "tasks:run",
  "agents:read",
  "agents:manage",
  "chat:use",
  "diagnostics:run",
  // Governance. Personal API keys (acting with at most one's own permissions) are for every role.
  "keys:own",
  "keys:manage",
  "models:read",
  "providers:manage",
  "budgets:read",
  "budgets:manage",
  "usage:read",
  // Calling models directly through the OpenAI-compatible endpoint (/api/v1), metered and budgeted.
  "models:invoke",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const viewer: Permission[] = [
  "org:read",
  "members:read",
  "projects:read",
  "tasks:read",
  "agents:read",
  "keys:own",
  "models:read",
  "budgets:read",
];
const member: Permission[] = [...viewer, "projects:create", "projects:update", "projects:run", "tasks:run", "chat:use", "models:invoke"];
const admin: Permission[] = [
  ...member,
  "org:update",
  "members:invite",
  "members:manage",
  "audit:read",
  "projects:safety",
  "projects:delete",
  "agents:manage",
  "diagnostics:run",
  "keys:manage",
  "providers:manage",
  "budgets:manage",
  "usage:read",
];
const owner: Permission[] = [...admin, "owners:manage"];

export const POLICY: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set(owner),
  admin: new Set(admin),
  member: new Set(member),
  viewer: new Set(viewer),
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role ? POLICY[role].has(permission) : false;
}

/** Roles that hold a permission: the expected outcome table for authorization tests. */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((r) => POLICY[r].has(permission));
}

/** Who may assign or change a role: only owners touch the owner role. */
export function canAssignRole(actor: Role, target: Role): boolean {
  if (target === "owner") return can(actor, "owners:manage");
  return can(actor, "members:manage");
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  viewer: "Viewer",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: "Full control, including other owners",
  admin: "Manages people, agents and settings",
  member: "Creates and runs projects",
  viewer: "Watches projects, changes nothing",
};
