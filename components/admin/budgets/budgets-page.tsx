"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { can } from "@/lib/rbac";
import { useTRPC } from "@/lib/trpc/react";
import { RequirePermission } from "@/components/admin/require-permission";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { BudgetDialog } from "./budget-dialog";
import { BudgetsTable } from "./budgets-table";
import { TaskBudgets } from "./task-budgets";
import { TimeZoneCard } from "./time-zone-card";

export function BudgetsPage() {
  const { orgId, orgName, role } = useOrg();
  const trpc = useTRPC();
  const list = useQuery(trpc.budgets.list.queryOptions({ orgId }, { refetchInterval: 15_000 }));
  const [creating, setCreating] = React.useState(false);
  const manage = can(role, "budgets:manage");
  return (
    <RequirePermission permission="budgets:read">
      <PageHeader
        title="Budgets"
        description={`Limits on what models may cost in ${orgName}, checked before every call. When one runs out, its policy decides: a cheaper model, a person's decision, or a stop.`}
        actions={
          manage && (
            <Button onClick={() => setCreating(true)} data-testid="budget-new">
              <Plus />
              New budget
            </Button>
          )
        }
      />
      <div className="grid gap-6">
        <Card className="overflow-hidden">
          <CardHeader>
            <CardTitle>Budgets and quotas</CardTitle>
            <CardDescription>Spent this period, held by calls in flight, and the limit. Alerts go out at 50, 80 and 100 %.</CardDescription>
          </CardHeader>
          <BudgetsTable />
        </Card>
        <Card className="overflow-hidden">
          <CardHeader>
            <CardTitle>Task budgets</CardTitle>
            <CardDescription>Each task may spend its plan estimate times this multiplier.</CardDescription>
          </CardHeader>
          <TaskBudgets />
        </Card>
        <Card className="p-5">{list.data ? <TimeZoneCard key={list.data.timeZone} timeZone={list.data.timeZone} /> : null}</Card>
      </div>
      {creating && <BudgetDialog open onOpenChange={setCreating} />}
    </RequirePermission>
  );
}
