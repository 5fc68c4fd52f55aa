"use client";

import type * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Info, TriangleAlert } from "lucide-react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage } from "@/lib/format";
import { TIERS } from "@/components/agents/agent-types";
import { useOrg } from "@/components/org/org-provider";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Select, SelectContent, SelectGroup, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { FallbackOrder, type useFallbacks } from "./fallback-order";
import type { CatalogView, TierView } from "./model-types";

const ENVIRONMENT = "__environment__";
const TIER_VARIABLE = { fast: "AIOS_MODEL_FAST", standard: "AIOS_MODEL_STANDARD", deep: "AIOS_MODEL_DEEP" } as const;

/** Which model each tier uses. A change applies to every process at once (the catalog is versioned). */
export function TiersCard({ catalog, manage, fallbacks }: { catalog: CatalogView; manage: boolean; fallbacks: ReturnType<typeof useFallbacks> }) {
  return (
    <Card data-testid="tiers-card">
      <CardHeader>
        <CardTitle>Tiers</CardTitle>
        <CardDescription>
          Agents ask for a tier, not a model. A change here applies to all processes without a restart, from the next model call on. When a
          model fails (429, 5xx, a timeout) or its circuit breaker is open, the call moves down its tier&apos;s list; a project&apos;s model
          override or learned routing goes before it.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3 md:grid-cols-3">
        {catalog.tiers.map((t) => (
          <TierPanel key={t.tier} tier={t} catalog={catalog} manage={manage}>
            <FallbackOrder tier={fallbacks.data?.tiers.find((f) => f.tier === t.tier)} loading={fallbacks.isPending} models={catalog.models} manage={manage} />
          </TierPanel>
        ))}
      </CardContent>
    </Card>
  );
}

function TierPanel({ tier, catalog, manage, children }: { tier: TierView; catalog: CatalogView; manage: boolean; children: React.ReactNode }) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const info = TIERS.find((t) => t.value === tier.tier)!;
  const setTier = useMutation(
    trpc.models.setTier.mutationOptions({
      onSuccess: async (saved) => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.models.catalog.queryKey() }),
          // The agents page's runtime card names each tier's model too.
          queryClient.invalidateQueries({ queryKey: trpc.agents.runtime.queryKey() }),
        ]);
        toast.success(`${info.label} tier now uses ${saved.label}`, { description: "Applies to all processes without a restart." });
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  // Only models that can serve a call: enabled, on an enabled provider. The current one stays listed.
  const usable = catalog.models.filter((m) => (m.enabled && m.available) || m.id === tier.entryId);
  const groups = [...new Set(usable.map((m) => m.sourceLabel))].map((label) => ({ label, models: usable.filter((m) => m.sourceLabel === label) }));
  const value = setTier.isPending ? (setTier.variables?.entryId ?? ENVIRONMENT) : (tier.entryId ?? ENVIRONMENT);
  const labelId = `tier-${tier.tier}-label`;
  const shown = !setTier.isPending
    ? tier.label
    : value === ENVIRONMENT
      ? "Environment default"
      : (catalog.models.find((m) => m.id === value)?.displayName ?? tier.label);

  return (
    <section className="grid content-start gap-2 rounded-lg border p-3" data-testid="tier-panel" data-tier={tier.tier} aria-labelledby={labelId}>
      <div className="flex items-center justify-between gap-2">
        <h4 id={labelId} className="text-sm font-semibold">
          {info.label}
        </h4>
        {setTier.isPending ? (
          <Spinner label="Saving" />
        ) : (
          tier.fromEnvironment && (
            <Badge variant="muted" title={`Set by ${TIER_VARIABLE[tier.tier]} or the environment's default`} data-testid="tier-from-env">
              from environment
            </Badge>
          )
        )}
      </div>
      <p className="text-xs text-muted-foreground">{info.description}</p>
      {manage ? (
        <Select value={value} onValueChange={(v) => setTier.mutate({ orgId, tier: tier.tier, entryId: v === ENVIRONMENT ? null : v })} disabled={setTier.isPending}>
          <SelectTrigger aria-labelledby={labelId} data-testid="tier-select">
            <SelectValue>{shown}</SelectValue>
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ENVIRONMENT} description="What the server's environment chooses">
              Environment default
            </SelectItem>
            {groups.map((g) => (
              <SelectGroup key={g.label}>
                <div className="px-2 pt-2 pb-1 text-xs font-medium text-muted-foreground">{g.label}</div>
                {g.models.map((m) => (
                  <SelectItem key={m.id} value={m.id} description={m.displayName !== m.modelId ? m.modelId : undefined} data-testid="tier-option">
                    {m.displayName}
                  </SelectItem>
                ))}
              </SelectGroup>
            ))}
          </SelectContent>
        </Select>
      ) : (
        <p className="rounded-md bg-muted/50 px-3 py-2 text-sm font-medium" data-testid="tier-model">
          {tier.label}
        </p>
      )}
      <p className="font-mono text-xs break-all text-muted-foreground">
        {tier.provider}:{tier.modelId}
      </p>
      {tier.fromEnvironment && (
        <p className="flex gap-1.5 text-xs text-muted-foreground">
          <Info className="mt-px size-3.5 shrink-0" aria-hidden />
          <span>
            From the environment ({TIER_VARIABLE[tier.tier]}).{manage && " Choose a model to override it here."}
          </span>
        </p>
      )}
      {tier.fallbackReason && (
        <p role="note" className="flex gap-1.5 rounded-md border border-warning/40 bg-warning/10 px-2 py-1.5 text-xs" data-testid="tier-fallback">
          <TriangleAlert className="mt-px size-3.5 shrink-0 text-warning-foreground dark:text-warning" aria-hidden />
          <span>{tier.fallbackReason}</span>
        </p>
      )}
      {children}
    </section>
  );
}
