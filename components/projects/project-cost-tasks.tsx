"use client";

import type { CallFilter, ProjectCost } from "@/components/admin/usage/types";
import { EstimateCell, MoneyLink } from "@/components/admin/usage/top-tables";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatTokens } from "./format-usage";
import { TaskStatusBadge } from "./task-status-badge";

type Open = (title: string, filter: Partial<CallFilter>) => void;

function Breakdown({ title, rows, onOpen, filterOf }: { title: string; rows: ProjectCost["byRole"]; onOpen: Open; filterOf: (key: string) => Partial<CallFilter> }) {
  return (
    <Card className="overflow-hidden">
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <Table>
        <TableBody>
          {rows.length === 0 && (
            <TableRow>
              <TableCell className="pl-5 text-muted-foreground">No calls in this range.</TableCell>
            </TableRow>
          )}
          {rows.map((r) => (
            <TableRow key={r.key}>
              <TableCell className="max-w-48 truncate pl-5">{r.label}</TableCell>
              <TableCell className="text-right tabular-nums text-muted-foreground">{formatTokens(r.tokensIn + r.tokensOut)} tokens</TableCell>
              <TableCell className="pr-5 text-right">
                <MoneyLink value={r.costUsd} onOpen={() => onOpen(`${r.label}`, filterOf(r.key))} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}

/** Per task: the plan's estimate against what it has cost so far; and the range's spend by role and model. */
export function ProjectCostTasks({
  tasks,
  outsideTasks,
  byRole,
  byModel,
  onOpen,
  onOpenAllTime,
}: {
  tasks: ProjectCost["tasks"];
  outsideTasks: ProjectCost["outsideTasks"];
  byRole: ProjectCost["byRole"];
  byModel: ProjectCost["byModel"];
  onOpen: Open;
  onOpenAllTime: Open;
}) {
  return (
    <>
      <div className="grid gap-6 lg:grid-cols-2">
        <Breakdown title="By agent role" rows={byRole} onOpen={onOpen} filterOf={(k) => ({ agentRole: k })} />
        <Breakdown title="By model" rows={byModel} onOpen={onOpen} filterOf={(k) => ({ model: k })} />
      </div>
      <Card className="overflow-hidden" data-testid="project-cost-tasks">
        <CardHeader>
          <CardTitle>Estimate versus actual</CardTitle>
          <CardDescription>Each task&apos;s plan estimate against everything it has cost so far (all attempts, all time).</CardDescription>
        </CardHeader>
        <Table>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="pl-5">Task</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="text-right">Tokens (est.)</TableHead>
              <TableHead className="text-right">Actual</TableHead>
              <TableHead className="pr-5 text-right">Estimate · used</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {tasks.map((t) => (
              <TableRow key={t.taskId} data-testid="project-cost-task">
                <TableCell className="max-w-64 truncate pl-5" title={t.title}>
                  {t.title}
                  <span className="block text-xs text-muted-foreground">{t.role}</span>
                </TableCell>
                <TableCell>
                  <TaskStatusBadge status={t.status} />
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  {formatTokens(t.tokens)} <span className="text-muted-foreground">({formatTokens(t.estimate.tokens)})</span>
                </TableCell>
                <TableCell className="text-right">
                  <MoneyLink value={t.costUsd} onOpen={() => onOpenAllTime(`Calls of “${t.title}”`, { taskId: t.taskId })} />
                </TableCell>
                <TableCell className="pr-5 text-right">
                  <EstimateCell actual={t.costUsd} estimate={t.estimate.costUsd} />
                </TableCell>
              </TableRow>
            ))}
            <TableRow>
              <TableCell className="pl-5 text-muted-foreground" colSpan={3}>
                Outside any task (planning, chat about the project)
              </TableCell>
              <TableCell className="text-right">
                <MoneyLink value={outsideTasks.costUsd} onOpen={() => onOpenAllTime("Calls outside any task", { taskId: "" })} />
              </TableCell>
              <TableCell className="pr-5 text-right text-muted-foreground">—</TableCell>
            </TableRow>
          </TableBody>
        </Table>
      </Card>
    </>
  );
}
