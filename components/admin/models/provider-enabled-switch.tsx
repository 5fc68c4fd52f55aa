"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import type { ProviderView } from "./model-types";
import { Switch } from "./switch";

/** Enable / disable a saved provider; the server refuses while a tier uses one of its models (shown as a toast). */
export function ProviderEnabledSwitch({ provider }: { provider: ProviderView }) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setEnabled = useMutation(
    trpc.models.setProviderEnabled.mutationOptions({
      onSuccess: async (saved) => {
        await queryClient.invalidateQueries({ queryKey: trpc.models.catalog.queryKey() });
        toast.success(saved.enabled ? `${saved.name} is enabled` : `${saved.name} is disabled: its models are not used until you enable it`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const checked = setEnabled.isPending ? !!setEnabled.variables?.enabled : provider.enabled;
  return (
    <Switch
      checked={checked}
      disabled={setEnabled.isPending}
      onCheckedChange={(enabled) => setEnabled.mutate({ orgId, credentialId: provider.id, enabled })}
      aria-label={`${provider.name} enabled`}
      data-testid="provider-enabled"
    />
  );
}
