"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";
import { Eye } from "lucide-react";
import { can } from "@/lib/rbac";
import { useTRPC } from "@/lib/trpc/react";
import { RequirePermission } from "@/components/admin/require-permission";
import { useOrg } from "@/components/org/org-provider";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { CatalogCard } from "./catalog-card";
import { fallbackTiersByEntry, useFallbacks } from "./fallback-order";
import { HealthCard } from "./health-card";
import { ModelDialog, type ModelDialogState } from "./model-dialog";
import { OutcomesCard } from "./outcomes-card";
import type { ModelView } from "./model-types";
import { PriceDialog } from "./price-dialog";
import { ProvidersCard } from "./providers-card";
import { TiersCard } from "./tiers-card";
import { useProviderTest } from "./use-provider-test";

export function ModelsPage() {
  return (
    <RequirePermission permission="models:read">
      <PageHeader title="Models" description="Model providers, the catalog with its prices, and which model each tier uses." />
      <ModelsContent />
    </RequirePermission>
  );
}

function ModelsContent() {
  const { orgId, role } = useOrg();
  const trpc = useTRPC();
  const catalog = useQuery(trpc.models.catalog.queryOptions({ orgId }));
  const fallbacks = useFallbacks(catalog.data?.catalogVersion ?? 0);
  const manage = can(role, "providers:manage");
  const tests = useProviderTest();
  const [modelDialog, setModelDialog] = React.useState<ModelDialogState>(null);
  const [pricing, setPricing] = React.useState<ModelView | null>(null);

  if (catalog.isPending) {
    return (
      <div role="status" aria-label="Loading models" className="grid gap-6">
        <Skeleton className="h-44" />
        <Skeleton className="h-40" />
        <Skeleton className="h-72" />
      </div>
    );
  }
  if (catalog.isError) {
    return <ErrorState title="Couldn't load the model catalog" error={catalog.error} onRetry={() => void catalog.refetch()} retrying={catalog.isRefetching} />;
  }

  const data = catalog.data;
  return (
    <div className="grid gap-6">
      {!manage && (
        <p role="note" className="flex items-center gap-2 rounded-lg border bg-muted/40 px-3 py-2 text-sm text-muted-foreground" data-testid="models-read-only">
          <Eye className="size-4 shrink-0" aria-hidden />
          You can see the models and their prices. Owners and admins add providers, change prices and choose the tiers.
        </p>
      )}
      <TiersCard catalog={data} manage={manage} fallbacks={fallbacks} />
      <ProvidersCard catalog={data} manage={manage} tests={tests} onAddModel={(credentialId) => setModelDialog({ mode: "add", credentialId })} />
      <CatalogCard
        catalog={data}
        manage={manage}
        fallbackTiers={fallbackTiersByEntry(fallbacks.data?.tiers)}
        onAdd={() => setModelDialog({ mode: "add" })}
        onEdit={(model) => setModelDialog({ mode: "edit", model })}
        onPrices={setPricing}
      />
      <HealthCard />
      <OutcomesCard />
      <ModelDialog
        state={modelDialog}
        onOpenChange={(open) => !open && setModelDialog(null)}
        providers={data.providers}
        priceTableDate={data.priceTableDate}
        tests={tests}
      />
      <PriceDialog model={pricing} readOnly={!manage} onOpenChange={(open) => !open && setPricing(null)} />
    </div>
  );
}
