"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { History } from "lucide-react";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage, formatDate } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/** Calls recorded before the rollup existed are not in the panel until a rebuild counts them. */
export function CoverageBanner({ orgId, oldestCall }: { orgId: string; oldestCall: Date | null }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const rebuild = useMutation(
    trpc.usage.rebuild.mutationOptions({ onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.usage.pathKey() }) }),
  );
  return (
    <Card className="flex flex-wrap items-center justify-between gap-3 border-warning/40 bg-warning/10 p-4" data-testid="usage-coverage">
      <div className="flex items-start gap-3 text-sm">
        <History className="mt-0.5 size-4 shrink-0" aria-hidden />
        <div>
          <p className="font-medium">Older calls aren&apos;t counted yet</p>
          <p className="text-muted-foreground">
            Model calls from {oldestCall ? formatDate(oldestCall) : "earlier"} on were recorded before the usage rollup existed. Rebuild it to include them (model calls wait a few
            seconds meanwhile).
          </p>
          {rebuild.isError && <p className="text-destructive">{errorMessage(rebuild.error)}</p>}
        </div>
      </div>
      <Button variant="outline" onClick={() => rebuild.mutate({ orgId })} loading={rebuild.isPending} data-testid="usage-rebuild">
        Rebuild usage
      </Button>
    </Card>
  );
}
