"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { CircleCheck, TriangleAlert, Wallet } from "lucide-react";
import { formatBudgetAmount } from "@/lib/budgets";
import { can } from "@/lib/rbac";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";
import { useOrg } from "@/components/org/org-provider";

/** What is left on the budgets this plan's work is charged to (project and org), against its estimate. */
export function usePlanBudget(projectId: string, totals: { tokens: number; costUsd: number }, enabled: boolean) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.budgets.planFit.queryOptions({ projectId, tokens: totals.tokens, costUsd: totals.costUsd }), enabled });
}

export function PlanBudget({ fit }: { fit: ReturnType<typeof usePlanBudget>["data"] }) {
  const { role } = useOrg();
  if (!fit || fit.lines.length === 0) return null;
  return (
    <div className={cn("grid gap-1.5 rounded-lg border px-3 py-2 text-sm", fit.fits ? "bg-muted/30" : "border-warning/60 bg-warning/10")} data-testid="plan-budget" data-fits={fit.fits}>
      <p className="flex items-center gap-1.5 font-medium">
        {fit.fits ? <Wallet className="size-4 text-muted-foreground" aria-hidden /> : <TriangleAlert className="size-4 text-warning-foreground dark:text-warning" aria-hidden />}
        {fit.fits ? "Fits the budget" : "Does not fit the budget left"}
        {!fit.fits && can(role, "budgets:manage") && (
          <Link href="/admin/budgets" className="ml-auto text-xs font-medium text-primary underline-offset-2 hover:underline">
            Raise a budget
          </Link>
        )}
      </p>
      <ul className="grid gap-1">
        {fit.lines.map((l) => (
          <li key={l.budgetId} className="flex flex-wrap items-center gap-x-2 text-xs text-muted-foreground" data-testid="plan-budget-line" data-fits={l.fits}>
            {l.fits ? <CircleCheck className="size-3.5 text-success" aria-hidden /> : <TriangleAlert className="size-3.5 text-warning-foreground dark:text-warning" aria-hidden />}
            <span className="text-foreground">{l.title}</span>
            <span className="tabular-nums">
              {formatBudgetAmount(l.metric, l.left)} left · plan needs ~{formatBudgetAmount(l.metric, l.needed)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
