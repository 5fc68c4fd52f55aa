"use client";

import * as React from "react";
import { Building2, ChevronsUpDown, Plus } from "lucide-react";
import { firstGraphemes } from "@/lib/format";
import { ROLE_LABELS } from "@/lib/rbac";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { CreateOrgDialog } from "./create-org-dialog";
import { useOrg } from "./org-provider";

export function OrgSwitcher() {
  const { orgId, orgName, role, memberships, switchOrg } = useOrg();
  const [creating, setCreating] = React.useState(false);

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger
          data-testid="org-switcher"
          aria-label={`Organisation: ${orgName}. Switch organisation`}
          title={orgName}
          className="flex w-full items-center gap-2.5 rounded-lg border bg-background px-2.5 py-2 text-left text-sm shadow-xs transition-colors outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring"
        >
          <span className="flex size-7 shrink-0 items-center justify-center rounded-md bg-primary/12 text-xs font-semibold text-primary">
            {firstGraphemes(orgName).toUpperCase()}
          </span>
          <span className="grid min-w-0 flex-1 leading-tight">
            <span className="truncate font-medium">{orgName}</span>
            <span className="truncate text-xs text-muted-foreground">{ROLE_LABELS[role]}</span>
          </span>
          <ChevronsUpDown className="size-4 shrink-0 text-muted-foreground" aria-hidden />
        </DropdownMenuTrigger>
        <DropdownMenuContent className="w-(--radix-dropdown-menu-trigger-width) min-w-60">
          <DropdownMenuLabel>Organisations</DropdownMenuLabel>
          <DropdownMenuRadioGroup value={orgId} onValueChange={switchOrg}>
            {memberships.map((m) => (
              <DropdownMenuRadioItem key={m.orgId} value={m.orgId}>
                <Building2 />
                <span className="grid min-w-0 leading-tight">
                  <span className="truncate" title={m.orgName}>
                    {m.orgName}
                  </span>
                  <span className="text-xs text-muted-foreground">{ROLE_LABELS[m.role]}</span>
                </span>
              </DropdownMenuRadioItem>
            ))}
          </DropdownMenuRadioGroup>
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setCreating(true)}>
            <Plus />
            Create organisation
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <CreateOrgDialog open={creating} onOpenChange={setCreating} onCreated={switchOrg} />
    </>
  );
}
