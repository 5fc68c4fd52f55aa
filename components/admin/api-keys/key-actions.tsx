"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Ban, MoreHorizontal, RefreshCw } from "lucide-react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { RotateKeyDialog } from "./rotate-key-dialog";

export type KeyRef = { id: string; name: string; prefix: string; createdBy: { id: string; name: string } };

/**
 * Rotate (own keys only: a rotated secret acts as its creator, so an admin never receives one for
 * someone else) and revoke (own keys, or any key with keys:manage on the admin page).
 */
export function KeyActions({ apiKey, canRotate, revokeAny }: { apiKey: KeyRef; canRotate: boolean; revokeAny: boolean }) {
  const { orgId, userId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = React.useState(false);
  const [rotating, setRotating] = React.useState(false);
  const options = {
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.apiKeys.mine.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() }),
      ]);
      setConfirm(false);
      toast.success(`${apiKey.name} was revoked`);
    },
    onError: (e: unknown) => toast.error(errorMessage(e)),
  };
  const revokeOwn = useMutation(trpc.apiKeys.revoke.mutationOptions(options));
  const revokeOther = useMutation(trpc.apiKeys.revokeAny.mutationOptions(options));
  const mine = apiKey.createdBy.id === userId;
  const revoke = revokeAny && !mine ? revokeOther : revokeOwn;

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${apiKey.name}`} data-testid="api-key-actions">
            <MoreHorizontal />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          {canRotate && (
            <DropdownMenuItem onSelect={() => setRotating(true)} data-testid="api-key-rotate">
              <RefreshCw />
              Rotate secret
            </DropdownMenuItem>
          )}
          <DropdownMenuItem destructive onSelect={() => setConfirm(true)} data-testid="api-key-revoke">
            <Ban />
            Revoke
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      {canRotate && <RotateKeyDialog apiKey={apiKey} open={rotating} onOpenChange={setRotating} />}
      <ConfirmDialog
        open={confirm}
        onOpenChange={setConfirm}
        title={`Revoke ${apiKey.name}?`}
        description={`Anything using ${apiKey.prefix}${mine ? "" : ` (${apiKey.createdBy.name}'s key)`} is refused from its next request, including an old secret still in its rotation overlap. This can't be undone.`}
        confirmLabel="Revoke key"
        destructive
        pending={revoke.isPending}
        onConfirm={() => revoke.mutate({ orgId, keyId: apiKey.id })}
      />
    </>
  );
}
