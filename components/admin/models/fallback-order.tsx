"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { X } from "lucide-react";
import { toast } from "sonner";
import { errorMessage } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/react";
import { tierLabel } from "@/components/agents/agent-types";
import { useOrg } from "@/components/org/org-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import type { CatalogTier, FallbackTier, ModelView } from "./model-types";

const KIND_TEXT = { tier: "tier model", "same-tier": "same-tier alternative", neighbour: "neighbouring tier" } as const;

/** The org's fallback order per tier, refetched whenever the catalog changes (its version moves). */
export function useFallbacks(catalogVersion: number) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queryKey = trpc.models.fallbacks.queryKey({ orgId });
  React.useEffect(() => {
    void queryClient.invalidateQueries({ queryKey });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new catalog version changes the order
  }, [catalogVersion]);
  return useQuery(trpc.models.fallbacks.queryOptions({ orgId }));
}

/** Catalog entry id → the tiers it is a same-tier alternative (a fallback) of, for the catalog's badges. */
export function fallbackTiersByEntry(tiers: FallbackTier[] | undefined): Map<string, CatalogTier[]> {
  const out = new Map<string, CatalogTier[]>();
  for (const t of tiers ?? []) {
    for (const s of t.steps) if (s.kind === "same-tier" && s.entryId) out.set(s.entryId, [...(out.get(s.entryId) ?? []), t.tier]);
  }
  return out;
}

/**
 * What a call of this tier tries, in order, when nothing pins a model (a project override or learned
 * routing goes first): the tier's model, then its same-tier alternatives, then the neighbouring tier's.
 * Admins add or remove same-tier alternatives here.
 */
export function FallbackOrder({ tier, loading, models, manage }: { tier: FallbackTier | undefined; loading: boolean; models: ModelView[]; manage: boolean }) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const set = useMutation(
    trpc.models.setFallbackTier.mutationOptions({
      onSuccess: async (order, { tier: to }) => {
        queryClient.setQueryData(trpc.models.fallbacks.queryKey({ orgId }), order);
        await queryClient.invalidateQueries({ queryKey: trpc.models.catalog.queryKey() });
        toast.success(to ? `Added as a ${tierLabel(to)} fallback` : "Removed from the fallbacks");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  if (loading) return <Skeleton className="h-16" aria-label="Loading the fallback order" />;
  if (!tier) return null;
  if (tier.error) return <p className="text-xs text-destructive">{tier.error}</p>;
  const listed = new Set(tier.steps.filter((s) => s.kind !== "neighbour").map((s) => s.entryId));
  const addable = models.filter((m) => m.enabled && m.available && m.source !== "offline" && !listed.has(m.id));
  return (
    <div className="grid gap-1.5" data-testid="fallback-order" data-tier={tier.tier}>
      <p className="text-xs font-medium text-muted-foreground">Tried in this order</p>
      <ol className="grid gap-1">
        {tier.steps.map((s, i) => (
          <li key={`${s.provider}:${s.modelId}`} className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-1.5 text-sm" data-testid="fallback-step" data-kind={s.kind}>
            <span className="tabular-nums text-muted-foreground">{i + 1}.</span>
            <div className="flex min-w-0 flex-wrap items-center gap-x-1.5 gap-y-0.5">
              <span className="min-w-0 font-medium break-words">{s.label}</span>
              <span className="flex items-center gap-0.5">
                <Badge variant={s.kind === "tier" ? "info" : "muted"} className="text-[11px]">
                  {s.kind === "neighbour" ? `${tierLabel(s.fromTier)} tier's model` : KIND_TEXT[s.kind]}
                </Badge>
                {manage && s.kind === "same-tier" && s.entryId && (
                  <Button
                    variant="ghost"
                    size="icon-sm"
                    className="size-6"
                    aria-label={`Remove ${s.label} from the ${tierLabel(tier.tier)} fallbacks`}
                    disabled={set.isPending}
                    onClick={() => set.mutate({ orgId, entryId: s.entryId!, tier: null })}
                    data-testid="fallback-remove"
                  >
                    <X className="size-3.5" aria-hidden />
                  </Button>
                )}
              </span>
            </div>
          </li>
        ))}
      </ol>
      {tier.steps.length === 1 && <p className="text-xs text-muted-foreground">No fallback: no other model is available to this tier.</p>}
      {manage && addable.length > 0 && (
        <Select value="" disabled={set.isPending} onValueChange={(entryId) => set.mutate({ orgId, entryId, tier: tier.tier })}>
          <SelectTrigger size="sm" className="h-7 w-full text-xs" aria-label={`Add a ${tierLabel(tier.tier)} fallback`} data-testid="fallback-add">
            <SelectValue placeholder="Add a same-tier fallback…" />
          </SelectTrigger>
          <SelectContent>
            {addable.map((m) => (
              <SelectItem key={m.id} value={m.id} description={m.sourceLabel} data-testid="fallback-add-option">
                {m.displayName}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      )}
    </div>
  );
}
