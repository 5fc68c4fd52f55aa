"use client";

import * as React from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useTRPC } from "@/lib/trpc/react";
import { RequirePermission } from "@/components/admin/require-permission";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { FormAlert } from "@/components/ui/form-alert";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { budgetCalls, BudgetBurnDowns } from "./budget-burn-down";
import { CallsDrawer, type CallsView } from "./calls-drawer";
import { CoverageBanner } from "./coverage-banner";
import { KpiCards } from "./kpi-cards";
import { bucketEnd, bucketLabel, GROUP_LABELS, groupFilter } from "./range";
import { SpendChart } from "./spend-chart";
import { TokensChart } from "./tokens-chart";
import { TopProjectsTable, TopTasksTable } from "./top-tables";
import type { GroupBy } from "./types";
import { defaultView, UsageControls, type UsageView } from "./usage-controls";
import { useCsvExport } from "./usage-source";

const ORG_GROUPS: GroupBy[] = ["model", "agentRole", "project", "user", "apiKey", "provider", "purpose", "status"];

function Loading({ label, className }: { label: string; className: string }) {
  return (
    <div role="status" aria-label={label}>
      <Skeleton className={className} />
    </div>
  );
}

function UsagePanel({ today, timeZone }: { today: string; timeZone: string }) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const [view, setView] = React.useState<UsageView>(() => defaultView(today));
  const [calls, setCalls] = React.useState<CallsView | null>(null);
  const source = React.useMemo(() => ({ orgId }), [orgId]);
  const csv = useCsvExport(source);
  const range = { orgId, from: view.from, to: view.to };
  const keep = { placeholderData: keepPreviousData };
  const overview = useQuery({ ...trpc.usage.overview.queryOptions(range), ...keep });
  const series = useQuery({ ...trpc.usage.series.queryOptions({ ...range, bucket: view.bucket, groupBy: view.groupBy }), ...keep });
  const top = useQuery({ ...trpc.usage.top.queryOptions(range), ...keep });
  const budgets = useQuery(trpc.usage.budgets.queryOptions({ orgId }));
  const all = { from: view.from, to: view.to };

  return (
    <div className="grid gap-6">
      <UsageControls value={view} onChange={setView} today={today} groups={ORG_GROUPS} timeZone={timeZone} />
      {overview.data && !overview.data.coverage.complete && <CoverageBanner orgId={orgId} oldestCall={overview.data.coverage.oldestCall} />}
      {overview.isError ? (
        <ErrorState title="Couldn't load usage" error={overview.error} onRetry={() => void overview.refetch()} retrying={overview.isRefetching} />
      ) : overview.data ? (
        <KpiCards
          totals={overview.data.totals}
          onOpen={(what) =>
            setCalls({
              title: what === "failed" ? "Failed calls" : what === "cached" ? "Calls (cache savings)" : "All calls",
              filter: what === "failed" ? { ...all, status: "failed" } : all,
            })
          }
        />
      ) : (
        <Loading label="Loading totals" className="h-[108px] rounded-xl" />
      )}

      <Card>
        <CardHeader className="flex-row items-start justify-between gap-3">
          <div className="grid gap-1">
            <CardTitle>Spend over time</CardTitle>
            <CardDescription>Per {view.bucket}, stacked by {GROUP_LABELS[view.groupBy].toLowerCase()}. Click a bar to see its calls.</CardDescription>
          </div>
          <div className="flex flex-wrap gap-2">
            <Button variant="outline" size="sm" loading={csv.busy === "series"} onClick={() => void csv.run("series", { ...all, kind: "series", bucket: view.bucket, groupBy: view.groupBy })} data-testid="usage-export-series">
              {csv.busy !== "series" && <Download />}
              Chart CSV
            </Button>
            <Button variant="outline" size="sm" loading={csv.busy === "calls"} onClick={() => void csv.run("calls", { ...all, kind: "calls" })} data-testid="usage-export-calls">
              {csv.busy !== "calls" && <Download />}
              Calls CSV
            </Button>
          </div>
        </CardHeader>
        <div className="px-5 pb-5">
          {csv.error && <FormAlert className="mb-3">{csv.error}</FormAlert>}
          {series.isError ? (
            <ErrorState title="Couldn't load the chart" error={series.error} onRetry={() => void series.refetch()} retrying={series.isRefetching} />
          ) : series.data ? (
            <SpendChart
              series={series.data}
              onSelect={(bucket, key, label) =>
                setCalls({
                  title: `${label} · ${bucketLabel(bucket, view.bucket)}`,
                  filter: { from: bucket < view.from ? view.from : bucket, to: bucketEnd(bucket, view.bucket, view.to), ...groupFilter(view.groupBy, key) },
                })
              }
            />
          ) : (
            <Loading label="Loading chart" className="h-[300px]" />
          )}
        </div>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Tokens</CardTitle>
          <CardDescription>Input (new and read from cache) and output tokens per {view.bucket}.</CardDescription>
        </CardHeader>
        <div className="px-5 pb-5">{series.data ? <TokensChart series={series.data} /> : <Loading label="Loading tokens" className="h-[220px]" />}</div>
      </Card>

      <section className="grid gap-3" aria-labelledby="usage-budgets-heading">
        <h2 id="usage-budgets-heading" className="text-base font-semibold">
          Budgets
        </h2>
        {budgets.isError ? (
          <ErrorState title="Couldn't load budgets" error={budgets.error} onRetry={() => void budgets.refetch()} retrying={budgets.isRefetching} />
        ) : budgets.data ? (
          <BudgetBurnDowns budgets={budgets.data} onOpen={(b) => setCalls({ title: `Calls counted by the ${b.scopeName} budget`, filter: budgetCalls(b, today) })} />
        ) : (
          <Loading label="Loading budgets" className="h-40 rounded-xl" />
        )}
      </section>

      {top.isError ? (
        <ErrorState title="Couldn't load top projects and tasks" error={top.error} onRetry={() => void top.refetch()} retrying={top.isRefetching} />
      ) : top.data ? (
        <div className="grid gap-6 xl:grid-cols-2">
          <TopProjectsTable rows={top.data.projects} onOpen={(projectId, name) => setCalls({ title: `Calls of ${name}`, filter: { ...all, projectId } })} />
          <TopTasksTable rows={top.data.tasks} onOpen={(taskId, title) => setCalls({ title: `Calls of “${title}”`, filter: { ...all, taskId } })} />
        </div>
      ) : (
        <Loading label="Loading top projects" className="h-64 rounded-xl" />
      )}

      <CallsDrawer source={source} view={calls} onClose={() => setCalls(null)} />
    </div>
  );
}

export function UsagePage() {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const calendar = useQuery(trpc.usage.calendar.queryOptions({ orgId }));
  return (
    <RequirePermission permission="usage:read">
      <PageHeader title="Usage" description="Where the money goes: model spend over time, by model, role, project, person and API key." />
      {calendar.isError ? (
        <ErrorState title="Couldn't load usage" error={calendar.error} onRetry={() => void calendar.refetch()} retrying={calendar.isRefetching} />
      ) : calendar.data ? (
        <UsagePanel key={orgId} today={calendar.data.today} timeZone={calendar.data.timeZone} />
      ) : (
        <Loading label="Loading usage" className="h-64 rounded-xl" />
      )}
    </RequirePermission>
  );
}
