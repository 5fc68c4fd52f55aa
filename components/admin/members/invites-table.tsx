"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { can, ROLE_LABELS, type Role } from "@/lib/rbac";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage, formatDateTime, relativeTime } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export function InvitesTable() {
  const { orgId, role } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invites = useQuery(trpc.members.invites.queryOptions({ orgId }));
  const [revoking, setRevoking] = React.useState<{ id: string; email: string } | null>(null);
  const revoke = useMutation(
    trpc.members.revokeInvite.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.members.invites.queryKey() });
        toast.success(`Invite for ${revoking?.email ?? "that address"} revoked`);
        setRevoking(null);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );

  if (invites.isPending) {
    return (
      <div role="status" aria-label="Loading invites" className="grid gap-2 p-4">
        <Skeleton className="h-10" />
        <Skeleton className="h-10" />
      </div>
    );
  }
  if (invites.isError) {
    return (
      <div className="p-4">
        <ErrorState title="Couldn't load invites" error={invites.error} onRetry={() => void invites.refetch()} retrying={invites.isRefetching} />
      </div>
    );
  }
  if (invites.data.length === 0) {
    return (
      <p className="px-5 pb-5 text-sm text-muted-foreground" data-testid="invites-empty">
        No pending invites. People you invite show up here until they join or the link expires.
      </p>
    );
  }

  const canRevoke = can(role, "members:invite");
  return (
    <>
      <Table data-testid="invites-table">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead className="pl-5">Email</TableHead>
            <TableHead>Role</TableHead>
            <TableHead className="hidden md:table-cell">Invited by</TableHead>
            <TableHead>Expires</TableHead>
            <TableHead className="w-24 pr-5">
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {invites.data.map((i) => (
            <TableRow key={i.id} data-testid="invite-row" data-email={i.email}>
              <TableCell className="max-w-64 truncate pl-5 font-medium">{i.email}</TableCell>
              <TableCell>
                <Badge variant="outline">{ROLE_LABELS[i.role as Role] ?? i.role}</Badge>
              </TableCell>
              <TableCell className="hidden text-muted-foreground md:table-cell">{i.invitedBy ?? "—"}</TableCell>
              <TableCell className="text-muted-foreground">
                <time title={formatDateTime(i.expiresAt)}>{relativeTime(i.expiresAt)}</time>
              </TableCell>
              <TableCell className="pr-5 text-right">
                {canRevoke && (
                  <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive" onClick={() => setRevoking({ id: i.id, email: i.email })} data-testid="invite-revoke">
                    Revoke
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(o) => !o && setRevoking(null)}
        title="Revoke this invite?"
        description={`The link sent to ${revoking?.email ?? ""} stops working. You can invite them again later.`}
        confirmLabel="Revoke invite"
        destructive
        pending={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate({ orgId, inviteId: revoking.id })}
      />
    </>
  );
}
