"use client";

import * as React from "react";
import { Lock } from "lucide-react";
import { can, ROLE_LABELS, type Permission } from "@/lib/rbac";
import { useOrg } from "@/components/org/org-provider";
import { EmptyState } from "@/components/ui/empty-state";

/** Renders children only for roles holding `permission` (the server enforces it anyway). */
export function RequirePermission({ permission, children }: { permission: Permission; children: React.ReactNode }) {
  const { role, orgName } = useOrg();
  if (can(role, permission)) return <>{children}</>;
  return (
    <EmptyState
      icon={Lock}
      title="You don't have access to this page"
      description={`Your role in ${orgName} is ${ROLE_LABELS[role]}. Ask an owner or admin if you need it.`}
      data-testid="no-access"
      className="mt-10"
    />
  );
}
