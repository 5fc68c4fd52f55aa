"use client";

import { can } from "@/lib/rbac";
import { useTRPC } from "@/lib/trpc/react";
import { useLiveInvalidation } from "@/components/activity/use-live-invalidation";
import { RequirePermission } from "@/components/admin/require-permission";
import { useOrg } from "@/components/org/org-provider";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { InviteDialog } from "./invite-dialog";
import { InvitesTable } from "./invites-table";
import { MembersTable } from "./members-table";

export function MembersPage() {
  const { orgName, role } = useOrg();
  const trpc = useTRPC();
  // Someone else inviting, joining or changing a role shows up without a reload.
  useLiveInvalidation("member.", [trpc.members.list.queryKey(), trpc.members.invites.queryKey()]);
  return (
    <RequirePermission permission="members:read">
      <PageHeader
        title="Members"
        description={`People in ${orgName} and what each of them may do.`}
        actions={can(role, "members:invite") && <InviteDialog />}
      />
      <div className="grid gap-6">
        <Card className="overflow-hidden">
          <CardHeader>
            <CardTitle>People</CardTitle>
            <CardDescription>Owners and admins change roles; only owners manage other owners.</CardDescription>
          </CardHeader>
          <MembersTable />
        </Card>
        <Card className="overflow-hidden">
          <CardHeader>
            <CardTitle>Pending invites</CardTitle>
            <CardDescription>Links that haven&apos;t been used yet.</CardDescription>
          </CardHeader>
          <InvitesTable />
        </Card>
      </div>
    </RequirePermission>
  );
}
