"use client";

import { canAssignRole, ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from "@/lib/rbac";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

/** Roles the actor may hand out; the current value always stays visible. */
export function RoleSelect({
  actorRole,
  value,
  onChange,
  disabled,
  label,
  size = "sm",
  className,
  testId = "role-select",
}: {
  actorRole: Role;
  value: Role;
  onChange: (role: Role) => void;
  disabled?: boolean;
  label: string;
  size?: "sm" | "default";
  className?: string;
  testId?: string;
}) {
  const options = ROLES.filter((r) => r === value || canAssignRole(actorRole, r));
  return (
    <Select value={value} onValueChange={(v) => onChange(v as Role)} disabled={disabled}>
      <SelectTrigger size={size} aria-label={label} data-testid={testId} className={className}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent className="min-w-64">
        {options.map((r) => (
          <SelectItem key={r} value={r} description={ROLE_DESCRIPTIONS[r]} disabled={!canAssignRole(actorRole, r)} data-testid={`role-option-${r}`}>
            {ROLE_LABELS[r]}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
