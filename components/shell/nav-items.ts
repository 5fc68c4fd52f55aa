import { Activity, Bot, ChartColumn, Cpu, FolderKanban, KeyRound, LayoutDashboard, MessageSquare, ScrollText, Users, Wallet, type LucideIcon } from "lucide-react";
import type { Permission } from "@/lib/rbac";

export type NavItem = { href: string; label: string; icon: LucideIcon; permission?: Permission; exact?: boolean };

export const MAIN_NAV: NavItem[] = [
  { href: "/", label: "Dashboard", icon: LayoutDashboard, exact: true },
  { href: "/projects", label: "Projects", icon: FolderKanban },
  { href: "/chat", label: "Chat", icon: MessageSquare },
  { href: "/agents", label: "Agents", icon: Bot },
];

export const ADMIN_NAV: NavItem[] = [
  { href: "/admin/members", label: "Members", icon: Users, permission: "members:read" },
  { href: "/admin/models", label: "Models", icon: Cpu, permission: "models:read" },
  { href: "/admin/api-keys", label: "API keys", icon: KeyRound, permission: "keys:manage" },
  { href: "/admin/usage", label: "Usage", icon: ChartColumn, permission: "usage:read" },
  { href: "/admin/budgets", label: "Budgets", icon: Wallet, permission: "budgets:read" },
  { href: "/admin/audit", label: "Audit log", icon: ScrollText, permission: "audit:read" },
  { href: "/admin/system", label: "System", icon: Activity, permission: "diagnostics:run" },
];
