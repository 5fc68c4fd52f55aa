"use client";

import { useQuery } from "@tanstack/react-query";
import { Activity, ShieldCheck } from "lucide-react";
import { useTRPC } from "@/lib/trpc/react";
import { formatTime } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { BreakerView } from "./model-types";

const STATE: Record<BreakerView["state"], { label: string; variant: BadgeVariant }> = {
  closed: { label: "Closed", variant: "success" },
  open: { label: "Open", variant: "destructive" },
  "half-open": { label: "Half-open", variant: "warning" },
};

/** One sentence per state: what AIOS does with calls to this model right now. */
function stateNote(b: BreakerView): string {
  if (b.state === "open") return b.retryAt ? `Paused; one probe call at ${formatTime(b.retryAt)}` : "Paused";
  if (b.state === "half-open") return "One probe call decides whether it closes";
  return b.recentFailures > 0 ? `${b.recentFailures} recent failure${b.recentFailures === 1 ? "" : "s"}` : "Healthy";
}

/**
 * Circuit breakers per model: after repeated failures (429, 5xx, timeouts) AIOS stops calling a model for a
 * cool-down and routes to the next candidate, then lets one probe call through.
 */
export function HealthCard() {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  // Breakers change in seconds: refresh while the page is open.
  const health = useQuery({ ...trpc.models.health.queryOptions({ orgId }), refetchInterval: 10_000 });
  const policy = health.data?.policy;
  return (
    <Card data-testid="health-card">
      <CardHeader>
        <CardTitle>Model health</CardTitle>
        <CardDescription>
          {policy
            ? `A model that fails ${policy.failureThreshold} times within ${Math.round(policy.windowMs / 1000)} s is paused for ${Math.round(policy.cooldownMs / 1000)} s; calls go to the next candidate meanwhile. `
            : "Models that keep failing are paused for a while; calls go to the next candidate meanwhile. "}
          Figures are for this server process.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {health.isPending ? (
          <Skeleton className="h-24" aria-label="Loading model health" />
        ) : health.isError ? (
          <ErrorState title="Couldn't load model health" error={health.error} onRetry={() => void health.refetch()} retrying={health.isRefetching} />
        ) : health.data.breakers.length === 0 ? (
          <EmptyState icon={ShieldCheck} title="No failures seen" description="No model call has failed since this server process started." />
        ) : (
          <Table data-testid="health-table">
            <TableHeader>
              <TableRow>
                <TableHead>Model</TableHead>
                <TableHead>Breaker</TableHead>
                <TableHead>Now</TableHead>
                <TableHead>Last error</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {health.data.breakers.map((b) => (
                <TableRow key={b.key} data-testid="health-row" data-state={b.state}>
                  <TableCell className="font-mono text-xs">{b.key}</TableCell>
                  <TableCell>
                    <Badge variant={STATE[b.state].variant}>
                      <Activity aria-hidden />
                      {STATE[b.state].label}
                    </Badge>
                  </TableCell>
                  <TableCell className="text-sm">{stateNote(b)}</TableCell>
                  <TableCell className="max-w-80 truncate text-xs text-muted-foreground" title={b.lastError ?? undefined}>
                    {b.lastError ?? "—"}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
