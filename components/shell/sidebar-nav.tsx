"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { can } from "@/lib/rbac";
import { cn } from "@/lib/utils";
import { useOrg } from "@/components/org/org-provider";
import { ADMIN_NAV, MAIN_NAV, type NavItem } from "./nav-items";

function isActive(pathname: string, item: NavItem): boolean {
  if (item.exact) return pathname === item.href;
  return pathname === item.href || pathname.startsWith(`${item.href}/`);
}

function NavLink({ item, onNavigate }: { item: NavItem; onNavigate?: () => void }) {
  const pathname = usePathname();
  const active = isActive(pathname, item);
  const Icon = item.icon;
  return (
    <Link
      href={item.href}
      onClick={onNavigate}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm font-medium transition-colors outline-none focus-visible:ring-2 focus-visible:ring-ring",
        active
          ? "bg-primary/10 text-primary dark:bg-primary/15"
          : "text-muted-foreground hover:bg-accent hover:text-foreground",
      )}
    >
      <Icon className="size-4 shrink-0" aria-hidden />
      {item.label}
    </Link>
  );
}

export function SidebarNav({ onNavigate }: { onNavigate?: () => void }) {
  const { role } = useOrg();
  const admin = ADMIN_NAV.filter((item) => !item.permission || can(role, item.permission));
  return (
    <nav aria-label="Main" className="grid gap-5">
      <div className="grid gap-0.5">
        {MAIN_NAV.map((item) => (
          <NavLink key={item.href} item={item} onNavigate={onNavigate} />
        ))}
      </div>
      {admin.length > 0 && (
        <div className="grid gap-0.5">
          <p className="px-2.5 pb-1 text-xs font-medium tracking-wide text-muted-foreground/80 uppercase">Admin</p>
          {admin.map((item) => (
            <NavLink key={item.href} item={item} onNavigate={onNavigate} />
          ))}
        </div>
      )}
    </nav>
  );
}
