"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import type { TestResult } from "./model-types";

export type RecentTest = TestResult & { at: Date };

/**
 * "Test connection" on a saved provider. The server records the verdict on saved providers; environment
 * providers have no row to record it on, so the latest results (and the model ids they listed, which
 * "Add model" suggests) are kept here for the page's lifetime.
 */
export function useProviderTest() {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [recent, setRecent] = React.useState<Record<string, RecentTest>>({});
  const mutation = useMutation(
    trpc.models.testProvider.mutationOptions({
      onSuccess: (result, vars) => {
        setRecent((r) => ({ ...r, [vars.credentialId]: { ...result, at: new Date() } }));
        void queryClient.invalidateQueries({ queryKey: trpc.models.catalog.queryKey() });
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const { mutate } = mutation;
  const test = React.useCallback((credentialId: string) => mutate({ orgId, credentialId }), [mutate, orgId]);
  const pendingId = mutation.isPending ? mutation.variables?.credentialId : undefined;
  return { test, pendingId, recent };
}
