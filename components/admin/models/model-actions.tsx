"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleDollarSign, MoreHorizontal, Pencil, Trash2 } from "lucide-react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import type { ModelView } from "./model-types";

export function ModelActions({ model, onPrices, onEdit }: { model: ModelView; onPrices: () => void; onEdit: () => void }) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = React.useState(false);
  const remove = useMutation(
    trpc.models.removeModel.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.models.catalog.queryKey() });
        setConfirming(false);
        toast.success(`${model.displayName} was removed from the catalog`);
      },
      onError: (e) => {
        setConfirming(false);
        toast.error(errorMessage(e));
      },
    }),
  );
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${model.displayName}`} data-testid="model-actions">
            <MoreHorizontal />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem onSelect={onPrices} data-testid="model-action-prices">
            <CircleDollarSign />
            Edit prices
          </DropdownMenuItem>
          {!model.fromEnvironment && (
            <>
              <DropdownMenuItem onSelect={onEdit} data-testid="model-action-edit">
                <Pencil />
                Edit name, limits, capabilities
              </DropdownMenuItem>
              <DropdownMenuSeparator />
              <DropdownMenuItem destructive onSelect={() => setConfirming(true)} data-testid="model-action-remove">
                <Trash2 />
                Remove from catalog
              </DropdownMenuItem>
            </>
          )}
        </DropdownMenuContent>
      </DropdownMenu>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Remove ${model.displayName}?`}
        description="Agents can no longer use it. Past calls keep their recorded costs; you can add it again later."
        confirmLabel="Remove model"
        destructive
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ orgId, entryId: model.id })}
      />
    </>
  );
}
