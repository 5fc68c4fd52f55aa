import type { Permission } from "@/lib/rbac";

// How scopes are offered in the create form: by what they touch, each with a short meaning.
export const SCOPE_GROUPS: { title: string; scopes: Permission[] }[] = [
  { title: "Projects and tasks", scopes: ["projects:read", "projects:create", "projects:update", "projects:run", "projects:safety", "projects:delete", "tasks:read", "tasks:run"] },
  { title: "Agents and chat", scopes: ["agents:read", "agents:manage", "chat:use", "diagnostics:run"] },
  { title: "Organisation and people", scopes: ["org:read", "org:update", "members:read", "members:invite", "members:manage", "owners:manage", "audit:read"] },
  { title: "Models, budgets and usage", scopes: ["models:read", "models:invoke", "providers:manage", "budgets:read", "budgets:manage", "usage:read", "keys:own", "keys:manage"] },
];

export const SCOPE_LABELS: Record<Permission, string> = {
  "org:read": "See the organisation",
  "org:update": "Change organisation settings",
  "members:read": "See members",
  "members:invite": "Invite people",
  "members:manage": "Manage members and roles",
  "owners:manage": "Manage owners",
  "audit:read": "Read the audit log",
  "projects:read": "See projects",
  "projects:create": "Create projects",
  "projects:update": "Change projects",
  "projects:safety": "Change safety settings",
  "projects:delete": "Delete projects",
  "projects:run": "Run projects",
  "tasks:read": "See tasks",
  "tasks:run": "Run and answer tasks",
  "agents:read": "See agents",
  "agents:manage": "Manage agents",
  "chat:use": "Use chat",
  "diagnostics:run": "Run diagnostics",
  "keys:own": "Manage its own API keys",
  "keys:manage": "Manage everyone's API keys",
  "models:read": "See models and prices",
  "providers:manage": "Manage model providers",
  "budgets:read": "See budgets",
  "budgets:manage": "Manage budgets",
  "usage:read": "See usage and cost",
  "models:invoke": "Call models through the OpenAI-compatible API",
};

export const isReadScope = (p: Permission) => p.endsWith(":read");
