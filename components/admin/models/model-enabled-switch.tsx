"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import type { ModelView } from "./model-types";
import { Switch } from "./switch";

/** Enable / disable a catalog model; refused (with the tier named) while a tier uses it. */
export function ModelEnabledSwitch({ model }: { model: ModelView }) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(
    trpc.models.updateModel.mutationOptions({
      onSuccess: async (saved) => {
        await queryClient.invalidateQueries({ queryKey: trpc.models.catalog.queryKey() });
        toast.success(saved.enabled ? `${saved.displayName} is enabled` : `${saved.displayName} is disabled`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const checked = update.isPending ? !!update.variables?.enabled : model.enabled;
  return (
    <Switch
      checked={checked}
      disabled={update.isPending}
      onCheckedChange={(enabled) => update.mutate({ orgId, entryId: model.id, enabled })}
      aria-label={`${model.displayName} enabled`}
      data-testid="model-enabled"
    />
  );
}
