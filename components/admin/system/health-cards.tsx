"use client";

import { useQuery } from "@tanstack/react-query";
import { Database, GitBranch, Layers, RotateCw, Server, type LucideIcon } from "lucide-react";
import { useTRPC } from "@/lib/trpc/react";
import { formatMs, formatTime, pluralize } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";

function HealthCard({
  icon: Icon,
  title,
  ok,
  value,
  detail,
  testId,
}: {
  icon: LucideIcon;
  title: string;
  ok: boolean | null;
  value: string;
  detail: React.ReactNode;
  testId: string;
}) {
  return (
    <Card className="grid gap-3 p-4" data-testid={testId} data-ok={ok ?? undefined}>
      <div className="flex h-6 items-center justify-between gap-2">
        <span className="flex items-center gap-2 text-sm text-muted-foreground">
          <Icon className="size-4" aria-hidden />
          {title}
        </span>
        {ok !== null && <Badge variant={ok ? "success" : "destructive"}>{ok ? "Healthy" : "Problem"}</Badge>}
      </div>
      <p className="text-xl font-semibold">{value}</p>
      <div className="text-xs text-muted-foreground">{detail}</div>
    </Card>
  );
}

export function HealthCards() {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const health = useQuery({ ...trpc.diagnostics.health.queryOptions({ orgId }), refetchInterval: 30_000 });

  if (health.isPending) {
    return (
      <div role="status" aria-label="Loading health" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-[118px] rounded-xl" />
        ))}
      </div>
    );
  }
  if (health.isError) {
    return <ErrorState title="Couldn't read system health" error={health.error} onRetry={() => void health.refetch()} retrying={health.isRefetching} />;
  }

  const h = health.data;
  const pending = h.migrations.pending;
  return (
    <section aria-labelledby="health-heading" className="grid gap-3">
      <div className="flex items-center justify-between gap-3">
        <h2 id="health-heading" className="text-base font-semibold">
          Health
        </h2>
        <div className="flex items-center gap-2 text-xs text-muted-foreground">
          <span>Checked {formatTime(health.dataUpdatedAt)}</span>
          <Button variant="ghost" size="sm" onClick={() => void health.refetch()} loading={health.isRefetching}>
            {!health.isRefetching && <RotateCw />}
            Check again
          </Button>
        </div>
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="health-cards">
        <HealthCard
          icon={Server}
          testId="health-mode"
          title="Deployment"
          ok={null}
          value={h.mode === "embedded" ? "Embedded" : "Server"}
          detail={
            <>
              {h.mode === "embedded" ? "One process, PGlite database" : "Separate web and workers, PostgreSQL"} · v{h.version}
            </>
          }
        />
        <HealthCard
          icon={Database}
          testId="health-database"
          title="Database"
          ok={h.database.ok}
          value={h.database.ok ? formatMs(h.database.latencyMs) : "Unreachable"}
          detail="Round-trip of a trivial query"
        />
        <HealthCard
          icon={Layers}
          testId="health-queue"
          title="Job queue"
          ok={h.queue.ok}
          value={h.queue.ok ? "Running" : "Stopped"}
          detail="Runs agent work and background jobs"
        />
        <HealthCard
          icon={GitBranch}
          testId="health-migrations"
          title="Migrations"
          ok={pending.length === 0}
          value={pending.length === 0 ? "Up to date" : `${pluralize(pending.length, "pending")}`}
          detail={
            pending.length === 0 ? (
              `${pluralize(h.migrations.applied, "migration")} applied`
            ) : (
              <span className="font-mono break-all">{pending.join(", ")}</span>
            )
          }
        />
      </div>
    </section>
  );
}
