"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Users } from "lucide-react";
import { toast } from "sonner";
import { can, canAssignRole, ROLE_LABELS, type Role } from "@/lib/rbac";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage, formatDate, formatDateTime, relativeTime } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { MemberActions } from "./member-actions";
import { RoleSelect } from "./role-select";

export function MembersTable() {
  const { orgId, userId: me, role: myRole } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.members.list.queryOptions({ orgId }));
  const setRole = useMutation(
    trpc.members.setRole.mutationOptions({
      onSuccess: async (_d, vars) => {
        await queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
        const who = members.data?.find((m) => m.userId === vars.userId)?.name ?? "Member";
        toast.success(`${who} is now ${ROLE_LABELS[vars.role]}`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );

  if (members.isPending) {
    return (
      <div role="status" aria-label="Loading members" className="grid gap-2 p-4">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-12" />
        ))}
      </div>
    );
  }
  if (members.isError) {
    return (
      <div className="p-4">
        <ErrorState title="Couldn't load members" error={members.error} onRetry={() => void members.refetch()} retrying={members.isRefetching} />
      </div>
    );
  }
  if (members.data.length === 0) {
    return <EmptyState icon={Users} title="No members" description="Invite people to work here." className="m-4" />;
  }

  const manage = can(myRole, "members:manage");
  return (
    <Table data-testid="members-table">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead className="pl-5">Person</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="hidden md:table-cell">Joined</TableHead>
          <TableHead className="hidden md:table-cell">Last sign-in</TableHead>
          <TableHead className="w-12 pr-5">
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {members.data.map((m) => {
          const self = m.userId === me;
          const editable = manage && !self && canAssignRole(myRole, m.role as Role);
          const pendingRole = setRole.isPending && setRole.variables?.userId === m.userId;
          return (
            <TableRow key={m.userId} data-testid="member-row" data-email={m.email} data-status={m.status}>
              <TableCell className="pl-5">
                <div className="flex min-w-48 items-center gap-3">
                  <Avatar name={m.name} email={m.email} />
                  <div className="grid min-w-0 leading-tight">
                    <span className="flex items-center gap-2 truncate font-medium">
                      {m.name}
                      {self && <Badge variant="secondary">You</Badge>}
                    </span>
                    <span className="truncate text-xs text-muted-foreground">{m.email}</span>
                  </div>
                </div>
              </TableCell>
              <TableCell>
                {manage && (editable || self) ? (
                  <RoleSelect
                    actorRole={myRole}
                    value={m.role as Role}
                    disabled={self || !editable || pendingRole}
                    onChange={(role) => setRole.mutate({ orgId, userId: m.userId, role })}
                    label={self ? "Your role (you can't change your own role)" : `Role for ${m.name}`}
                    className="w-32"
                  />
                ) : (
                  <Badge variant="outline" data-testid="member-role">
                    {ROLE_LABELS[m.role as Role] ?? m.role}
                  </Badge>
                )}
              </TableCell>
              <TableCell>
                <Badge variant={m.status === "active" ? "success" : "muted"} data-testid="member-status">
                  {m.status === "active" ? "Active" : "Disabled"}
                </Badge>
              </TableCell>
              <TableCell className="hidden text-muted-foreground md:table-cell">{formatDate(m.joinedAt)}</TableCell>
              <TableCell className="hidden text-muted-foreground md:table-cell">
                {m.lastLoginAt ? <time title={formatDateTime(m.lastLoginAt)}>{relativeTime(m.lastLoginAt)}</time> : "Never"}
              </TableCell>
              <TableCell className="pr-5 text-right">{editable && <MemberActions member={m} />}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
