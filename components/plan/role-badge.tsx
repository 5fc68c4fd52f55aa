import { cn } from "@/lib/utils";
import { roleLabel } from "@/components/agents/role-label";
import { roleTone } from "./plan-status";

export function RoleBadge({ role, className }: { role: string; className?: string }) {
  return (
    <span
      className={cn("inline-flex w-fit shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap", roleTone(role), className)}
      data-role={role}
    >
      {roleLabel(role)}
    </span>
  );
}
