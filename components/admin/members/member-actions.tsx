"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { LogOut, MoreHorizontal, UserCheck, UserMinus, UserX } from "lucide-react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage, pluralize } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

export type MemberRef = { userId: string; name: string; email: string; status: "active" | "disabled" };

export function MemberActions({ member }: { member: MemberRef }) {
  const { orgId, orgName } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = React.useState<"remove" | "disable" | "sign-out" | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });

  const setStatus = useMutation(
    trpc.members.setStatus.mutationOptions({
      onSuccess: async (_data, vars) => {
        await refresh();
        setConfirm(null);
        toast.success(vars.status === "disabled" ? `${member.name} can no longer sign in to ${orgName}` : `${member.name} is active again`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: async () => {
        await refresh();
        setConfirm(null);
        toast.success(`${member.name} was removed from ${orgName}`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );

  const signOut = useMutation(
    trpc.members.signOutEverywhere.mutationOptions({
      onSuccess: async ({ signedOut }) => {
        await refresh();
        setConfirm(null);
        toast.success(
          signedOut ? `${member.name} was signed out of ${pluralize(signedOut, "session")}` : `${member.name} had no active sessions`,
        );
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${member.name}`} data-testid="member-actions">
            <MoreHorizontal />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          {member.status === "active" ? (
            <DropdownMenuItem onSelect={() => setConfirm("disable")} data-testid="member-disable">
              <UserX />
              Disable access
            </DropdownMenuItem>
          ) : (
            <DropdownMenuItem
              onSelect={() => setStatus.mutate({ orgId, userId: member.userId, status: "active" })}
              data-testid="member-enable"
            >
              <UserCheck />
              Enable access
            </DropdownMenuItem>
          )}
          <DropdownMenuItem onSelect={() => setConfirm("sign-out")} data-testid="member-sign-out">
            <LogOut />
            Sign out everywhere
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem destructive onSelect={() => setConfirm("remove")} data-testid="member-remove">
            <UserMinus />
            Remove from organisation
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>

      <ConfirmDialog
        open={confirm === "disable"}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={`Disable ${member.name}?`}
        description={`${member.email} stays a member of ${orgName} but loses access right away, until you enable them again.`}
        confirmLabel="Disable access"
        destructive
        pending={setStatus.isPending}
        onConfirm={() => setStatus.mutate({ orgId, userId: member.userId, status: "disabled" })}
      />
      <ConfirmDialog
        open={confirm === "sign-out"}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={`Sign ${member.name} out everywhere?`}
        description={`Every browser where ${member.email} is signed in stops working on its next request, and their live updates disconnect. They can sign in again with their password; to keep them out, disable their access instead.`}
        confirmLabel="Sign out everywhere"
        destructive
        pending={signOut.isPending}
        onConfirm={() => signOut.mutate({ orgId, userId: member.userId })}
      />
      <ConfirmDialog
        open={confirm === "remove"}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={`Remove ${member.name}?`}
        description={`${member.email} loses access to ${orgName} and its projects. Their past work and audit trail stay. You can invite them again later.`}
        confirmLabel="Remove member"
        destructive
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ orgId, userId: member.userId })}
      />
    </>
  );
}
