"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MoreHorizontal, Pencil, Trash2, Wallet } from "lucide-react";
import { toast } from "sonner";
import { METRIC_LABELS, PERIOD_LABELS, POLICY_LABELS, SCOPE_LABELS, type BudgetMetricName, type BudgetPeriodName, type BudgetPolicyName, type BudgetScopeName } from "@/lib/budgets";
import { errorMessage, formatDateTime } from "@/lib/format";
import { can } from "@/lib/rbac";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { BudgetDialog, type EditableBudget } from "./budget-dialog";
import { BudgetUsage } from "./budget-usage";

const POLICY_TONE: Record<BudgetPolicyName, BadgeVariant> = { degrade: "info", ask: "warning", stop: "destructive" };

function periodText(period: string, start: Date, end: Date | null, timeZone: string) {
  if (period === "total") return `since ${formatDateTime(start)}`;
  if (period === "minute") return "this minute";
  const fmt = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone });
  return end ? `${fmt.format(start)} – resets ${new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone }).format(end)}` : fmt.format(start);
}

export function BudgetsTable() {
  const { orgId, role } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.budgets.list.queryOptions({ orgId }));
  const [editing, setEditing] = React.useState<EditableBudget | null>(null);
  const [deleting, setDeleting] = React.useState<{ id: string; title: string } | null>(null);
  const remove = useMutation(
    trpc.budgets.delete.mutationOptions({
      onSuccess: () => {
        toast.success("Budget deleted");
        setDeleting(null);
        void queryClient.invalidateQueries({ queryKey: trpc.budgets.list.queryKey() });
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const manage = can(role, "budgets:manage");

  if (list.isPending) {
    return (
      <div role="status" aria-label="Loading budgets" className="grid gap-2 p-4">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-12" />
        ))}
      </div>
    );
  }
  if (list.isError) {
    return (
      <div className="p-4">
        <ErrorState title="Couldn't load budgets" error={list.error} onRetry={() => void list.refetch()} retrying={list.isRefetching} />
      </div>
    );
  }
  if (list.data.budgets.length === 0) {
    return (
      <EmptyState
        icon={Wallet}
        title="No budgets yet"
        description={manage ? "Nothing limits what models cost here. Add a budget for the organisation, a project, a person or an API key." : "Nothing limits what models cost here yet. An admin can add budgets."}
        className="m-4"
        data-testid="budgets-empty"
      />
    );
  }
  const { timeZone } = list.data;
  return (
    <>
      <Table data-testid="budgets-table">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead className="pl-5">Budget</TableHead>
            <TableHead>Used</TableHead>
            <TableHead className="hidden md:table-cell">Period</TableHead>
            <TableHead>When it runs out</TableHead>
            {manage && (
              <TableHead className="w-12 pr-5">
                <span className="sr-only">Actions</span>
              </TableHead>
            )}
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.data.budgets.map((b) => (
            <TableRow key={b.id} data-testid="budget-row" data-budget-id={b.id} data-percent={b.percent}>
              <TableCell className="pl-5">
                <div className="grid min-w-44 gap-0.5 leading-tight">
                  <span className="font-medium">
                    {SCOPE_LABELS[b.scope as BudgetScopeName]}
                    {b.scopeName ? <span className="text-muted-foreground"> · {b.scopeName}</span> : null}
                  </span>
                  <span className="text-xs text-muted-foreground">
                    {METRIC_LABELS[b.metric as BudgetMetricName]}
                    {b.metric === "concurrent_runs" ? " at once" : ` ${PERIOD_LABELS[b.period as BudgetPeriodName]}`}
                  </span>
                </div>
              </TableCell>
              <TableCell>
                <BudgetUsage metric={b.metric} spent={b.spent} held={b.held} limit={b.limit} percent={b.percent} />
              </TableCell>
              <TableCell className="hidden text-xs text-muted-foreground md:table-cell">{b.metric === "concurrent_runs" ? "now" : periodText(b.period, b.periodStart, b.periodEnd, timeZone)}</TableCell>
              <TableCell>
                <Badge variant={POLICY_TONE[b.policy as BudgetPolicyName]}>{POLICY_LABELS[b.policy as BudgetPolicyName]}</Badge>
              </TableCell>
              {manage && (
                <TableCell className="pr-5">
                  <DropdownMenu>
                    <DropdownMenuTrigger asChild>
                      <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${b.title}`} data-testid="budget-actions">
                        <MoreHorizontal />
                      </Button>
                    </DropdownMenuTrigger>
                    <DropdownMenuContent align="end">
                      <DropdownMenuItem
                        onSelect={() =>
                          setEditing({ id: b.id, title: b.title, metric: b.metric as BudgetMetricName, period: b.period as BudgetPeriodName, limit: b.limit, spent: b.spent, policy: b.policy as BudgetPolicyName })
                        }
                        data-testid="budget-edit"
                      >
                        <Pencil />
                        Edit limit or policy
                      </DropdownMenuItem>
                      <DropdownMenuItem destructive onSelect={() => setDeleting({ id: b.id, title: b.title })} data-testid="budget-delete">
                        <Trash2 />
                        Delete
                      </DropdownMenuItem>
                    </DropdownMenuContent>
                  </DropdownMenu>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {editing && <BudgetDialog key={editing.id} open onOpenChange={(o) => !o && setEditing(null)} budget={editing} />}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title="Delete this budget?"
        description={deleting ? `${deleting.title}. Calls are no longer checked against it.` : undefined}
        confirmLabel="Delete budget"
        destructive
        pending={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ orgId, budgetId: deleting.id })}
      />
    </>
  );
}
