"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { BUDGET_POLICIES, POLICY_LABELS, TASK_MULTIPLIER, type BudgetPolicyName } from "@/lib/budgets";
import { errorMessage } from "@/lib/format";
import { can } from "@/lib/rbac";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";

/** Each task may spend its plan estimate × a project's multiplier; past it, the project's task policy applies. */
export function TaskBudgets() {
  const { orgId, role } = useOrg();
  const trpc = useTRPC();
  const rows = useQuery(trpc.budgets.taskBudgets.queryOptions({ orgId }));
  if (rows.isPending) return <Skeleton className="m-4 h-12" />;
  if (rows.isError) return <ErrorState className="m-4" title="Couldn't load projects" error={rows.error} onRetry={() => void rows.refetch()} retrying={rows.isRefetching} />;
  if (rows.data.length === 0) return <EmptyState className="m-4" title="No open projects" description="Task budgets apply to each project's planned tasks." />;
  return (
    <ul className="divide-y" data-testid="task-budgets">
      {rows.data.map((r) => (
        <TaskBudgetRow key={r.projectId} row={r} editable={can(role, "budgets:manage")} orgId={orgId} />
      ))}
    </ul>
  );
}

function TaskBudgetRow({ row, editable, orgId }: { row: { projectId: string; name: string; multiplier: number; policy: BudgetPolicyName; custom: boolean }; editable: boolean; orgId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [multiplier, setMultiplier] = React.useState(String(row.multiplier));
  const [policy, setPolicy] = React.useState<BudgetPolicyName>(row.policy);
  const save = useMutation(
    trpc.budgets.setTaskBudget.mutationOptions({
      onSuccess: () => {
        toast.success(`Tasks of ${row.name} may spend ${multiplier}× their estimate`);
        void queryClient.invalidateQueries({ queryKey: trpc.budgets.taskBudgets.queryKey() });
      },
      onError: (e) => toast.error(errorMessage(e).replace(/^multiplier:\s*/, "")),
    }),
  );
  const value = Number(multiplier);
  const valid = Number.isFinite(value) && value >= TASK_MULTIPLIER.min && value <= TASK_MULTIPLIER.max;
  const changed = value !== row.multiplier || policy !== row.policy;
  return (
    <li className="flex flex-wrap items-center gap-3 px-5 py-3" data-testid="task-budget-row">
      <span className="min-w-40 flex-1 truncate font-medium">{row.name}</span>
      <label className="flex items-center gap-1.5 text-sm text-muted-foreground">
        Estimate ×
        <Input className="h-8 w-20" inputMode="decimal" maxLength={10} value={multiplier} onChange={(e) => setMultiplier(e.target.value)} disabled={!editable} aria-label={`Task budget multiplier for ${row.name}`} aria-invalid={!valid || undefined} />
      </label>
      <Select value={policy} onValueChange={(v) => setPolicy(v as BudgetPolicyName)} disabled={!editable}>
        <SelectTrigger size="sm" className="w-56" aria-label={`When a task of ${row.name} runs out`}>
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {BUDGET_POLICIES.map((p) => (
            <SelectItem key={p} value={p}>
              {POLICY_LABELS[p]}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      {editable && (
        <Button size="sm" variant="outline" disabled={!changed || !valid} loading={save.isPending} onClick={() => save.mutate({ orgId, projectId: row.projectId, multiplier: value, policy })}>
          Save
        </Button>
      )}
    </li>
  );
}
