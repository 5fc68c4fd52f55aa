"use client";

import * as React from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useTRPC } from "@/lib/trpc/react";
import { budgetCalls, BudgetBurnDowns } from "@/components/admin/usage/budget-burn-down";
import { CallsDrawer, type CallsView } from "@/components/admin/usage/calls-drawer";
import { KpiCards } from "@/components/admin/usage/kpi-cards";
import { addDays, bucketEnd, bucketLabel, GROUP_LABELS, groupFilter } from "@/components/admin/usage/range";
import { SpendChart } from "@/components/admin/usage/spend-chart";
import { defaultView, UsageControls, type UsageView } from "@/components/admin/usage/usage-controls";
import { useCsvExport } from "@/components/admin/usage/usage-source";
import type { GroupBy } from "@/components/admin/usage/types";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { FormAlert } from "@/components/ui/form-alert";
import { Skeleton } from "@/components/ui/skeleton";
import { formatUsd } from "./format-usage";
import { ProjectCostTasks } from "./project-cost-tasks";

const PROJECT_GROUPS: GroupBy[] = ["agentRole", "model", "user", "apiKey", "purpose", "status"];

/** A project's cost section: spend over time by role or model, and each task's estimate against actual. */
export function ProjectCost({ projectId }: { projectId: string }) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const calendar = useQuery(trpc.usage.calendar.queryOptions({ orgId }));
  if (calendar.isError) return <ErrorState title="Couldn't load costs" error={calendar.error} onRetry={() => void calendar.refetch()} retrying={calendar.isRefetching} />;
  if (!calendar.data) return <Skeleton className="h-64 rounded-xl" />;
  return <CostPanel projectId={projectId} today={calendar.data.today} timeZone={calendar.data.timeZone} />;
}

function CostPanel({ projectId, today, timeZone }: { projectId: string; today: string; timeZone: string }) {
  const trpc = useTRPC();
  const [view, setView] = React.useState<UsageView>(() => ({ ...defaultView(today), groupBy: "agentRole" }));
  const [calls, setCalls] = React.useState<CallsView | null>(null);
  const source = React.useMemo(() => ({ projectId }), [projectId]);
  const csv = useCsvExport(source);
  const cost = useQuery({
    ...trpc.usage.project.queryOptions({ projectId, from: view.from, to: view.to, bucket: view.bucket, groupBy: view.groupBy }),
    placeholderData: keepPreviousData,
  });
  const all = { from: view.from, to: view.to };

  if (cost.isError) return <ErrorState title="Couldn't load costs" error={cost.error} onRetry={() => void cost.refetch()} retrying={cost.isRefetching} />;
  const c = cost.data;
  return (
    <div className="grid gap-6" data-testid="project-cost">
      <UsageControls value={view} onChange={setView} today={today} groups={PROJECT_GROUPS} timeZone={timeZone} />
      {c ? (
        <>
          <p className="text-sm text-muted-foreground" data-testid="project-cost-summary">
            All time: <span className="font-medium text-foreground tabular-nums">{formatUsd(c.allTime.costUsd)}</span>
            {c.estimate ? (
              <>
                {" "}
                of <span className="tabular-nums">{formatUsd(c.estimate.costUsd)}</span> estimated by the plan ({Math.round((c.allTime.costUsd / Math.max(c.estimate.costUsd, 1e-9)) * 100)}%)
              </>
            ) : (
              " (no plan estimate)"
            )}
            .
          </p>
          <KpiCards
            totals={c.totals}
            onOpen={(what) => setCalls({ title: what === "failed" ? "Failed calls" : "All calls", filter: what === "failed" ? { ...all, status: "failed" } : all })}
          />
          <Card>
            <CardHeader className="flex-row items-start justify-between gap-3">
              <div className="grid gap-1">
                <CardTitle>Spend over time</CardTitle>
                <CardDescription>
                  Per {view.bucket}, stacked by {GROUP_LABELS[view.groupBy].toLowerCase()}. Click a bar to see its calls.
                </CardDescription>
              </div>
              <Button variant="outline" size="sm" loading={csv.busy === "calls"} onClick={() => void csv.run("calls", { ...all, kind: "calls" })} data-testid="project-cost-csv">
                {csv.busy !== "calls" && <Download />}
                Calls CSV
              </Button>
            </CardHeader>
            <div className="px-5 pb-5">
              {csv.error && <FormAlert className="mb-3">{csv.error}</FormAlert>}
              <SpendChart
                series={c.series}
                height={260}
                onSelect={(bucket, key, label) =>
                  setCalls({
                    title: `${label} · ${bucketLabel(bucket, view.bucket)}`,
                    filter: { from: bucket < view.from ? view.from : bucket, to: bucketEnd(bucket, view.bucket, view.to), ...groupFilter(view.groupBy, key) },
                  })
                }
              />
            </div>
          </Card>
          <ProjectCostTasks
            tasks={c.tasks}
            outsideTasks={c.outsideTasks}
            byRole={c.byRole}
            byModel={c.byModel}
            onOpen={(title, filter) => setCalls({ title, filter: { ...all, ...filter } })}
            onOpenAllTime={(title, filter) => setCalls({ title, filter: { from: addDays(today, -800), to: today, ...filter } })}
          />
          {c.budgets.length > 0 && <BudgetBurnDowns budgets={c.budgets} onOpen={(b) => setCalls({ title: `Calls counted by the ${b.scopeName} budget`, filter: budgetCalls(b, today) })} />}
        </>
      ) : (
        <Skeleton className="h-96 rounded-xl" />
      )}
      <CallsDrawer source={source} view={calls} onClose={() => setCalls(null)} />
    </div>
  );
}
