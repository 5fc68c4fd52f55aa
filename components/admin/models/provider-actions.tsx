"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { MoreHorizontal, Pencil, PlugZap, Plus, Trash2 } from "lucide-react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage, pluralize } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import type { ModelView, ProviderView } from "./model-types";

export function ProviderActions({
  provider,
  models,
  manage,
  testing,
  onTest,
  onEdit,
  onAddModel,
}: {
  provider: ProviderView;
  models: ModelView[];
  manage: boolean;
  testing: boolean;
  onTest: () => void;
  onEdit: () => void;
  onAddModel: () => void;
}) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = React.useState(false);
  const remove = useMutation(
    trpc.models.removeProvider.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.models.catalog.queryKey() });
        setConfirming(false);
        toast.success(`${provider.name} was removed`);
      },
      onError: (e) => {
        setConfirming(false);
        toast.error(errorMessage(e));
      },
    }),
  );
  const saved = !provider.fromEnvironment;
  if (!manage) return null;

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${provider.name}`} data-testid="provider-actions">
            <MoreHorizontal />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem onSelect={onTest} disabled={testing} data-testid="provider-action-test">
            <PlugZap />
            Test connection
          </DropdownMenuItem>
          {saved && (
            <>
              <DropdownMenuItem onSelect={onAddModel} data-testid="provider-action-add-model">
                <Plus />
                Add a model
              </DropdownMenuItem>
              <DropdownMenuItem onSelect={onEdit} data-testid="provider-action-edit">
                <Pencil />
                Edit name, URL or key
              </DropdownMenuItem>
              <DropdownMenuSeparator />
              <DropdownMenuItem destructive onSelect={() => setConfirming(true)} data-testid="provider-action-remove">
                <Trash2 />
                Remove provider
              </DropdownMenuItem>
            </>
          )}
        </DropdownMenuContent>
      </DropdownMenu>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Remove ${provider.name}?`}
        description={
          <>
            Its encrypted key is deleted.{" "}
            {models.length === 0 ? (
              "It has no models in the catalog."
            ) : (
              <>
                {pluralize(models.length, "model")} go with it:{" "}
                <span className="font-medium text-foreground" data-testid="provider-remove-models">
                  {models.map((m) => m.displayName).join(", ")}
                </span>
                . Past calls keep their recorded costs.
              </>
            )}
          </>
        }
        confirmLabel="Remove provider"
        destructive
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ orgId, credentialId: provider.id })}
      />
    </>
  );
}
