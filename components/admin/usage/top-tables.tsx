"use client";

import Link from "next/link";
import { FolderKanban, ListTodo } from "lucide-react";
import { formatTokens, formatUsd } from "@/components/projects/format-usage";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TopProjects, TopTasks } from "./types";

/** Actual against estimate: "—" without an estimate, red past it. */
export function EstimateCell({ actual, estimate }: { actual: number; estimate: number | null | undefined }) {
  if (!estimate) return <span className="text-muted-foreground">—</span>;
  const ratio = actual / estimate;
  return (
    <span className={ratio > 1 ? "font-medium text-destructive" : "text-muted-foreground"} title={`${formatUsd(actual)} of ${formatUsd(estimate)} estimated`}>
      {formatUsd(estimate)} · {Math.round(ratio * 100)}%
    </span>
  );
}

/** A money figure that opens the calls behind it. */
export function MoneyLink({ value, onOpen, testId }: { value: number; onOpen: () => void; testId?: string }) {
  return (
    <button type="button" onClick={onOpen} className="tabular-nums underline-offset-4 hover:underline focus-visible:underline focus-visible:outline-none" data-testid={testId} title="Show the calls">
      {formatUsd(value)}
    </button>
  );
}

export function TopProjectsTable({ rows, onOpen }: { rows: TopProjects; onOpen: (projectId: string, name: string) => void }) {
  return (
    <Card className="overflow-hidden" data-testid="usage-top-projects">
      <CardHeader>
        <CardTitle>Top projects</CardTitle>
        <CardDescription>Spend in the range; estimate against all the project has cost so far.</CardDescription>
      </CardHeader>
      {rows.length === 0 ? (
        <EmptyState icon={FolderKanban} title="No project spend in this range" className="m-4 mt-0" />
      ) : (
        <Table>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="pl-5">Project</TableHead>
              <TableHead className="text-right">In range</TableHead>
              <TableHead className="hidden text-right md:table-cell">Tokens</TableHead>
              <TableHead className="text-right">All time</TableHead>
              <TableHead className="pr-5 text-right">Estimate · used</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((p) => (
              <TableRow key={p.projectId} data-testid="usage-top-project">
                <TableCell className="max-w-48 truncate pl-5">
                  <Link href={`/projects/${p.projectId}?tab=cost`} className="hover:underline">
                    {p.name}
                  </Link>
                </TableCell>
                <TableCell className="text-right">
                  <MoneyLink value={p.costUsd} onOpen={() => onOpen(p.projectId, p.name)} />
                </TableCell>
                <TableCell className="hidden text-right tabular-nums md:table-cell">{formatTokens(p.tokens)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatUsd(p.actualUsd)}</TableCell>
                <TableCell className="pr-5 text-right">
                  <EstimateCell actual={p.actualUsd} estimate={p.estimate?.costUsd} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}

export function TopTasksTable({ rows, onOpen }: { rows: TopTasks; onOpen: (taskId: string, title: string) => void }) {
  return (
    <Card className="overflow-hidden" data-testid="usage-top-tasks">
      <CardHeader>
        <CardTitle>Top tasks</CardTitle>
        <CardDescription>Spend in the range against the plan&apos;s estimate for the task.</CardDescription>
      </CardHeader>
      {rows.length === 0 ? (
        <EmptyState icon={ListTodo} title="No task spend in this range" className="m-4 mt-0" />
      ) : (
        <Table>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="pl-5">Task</TableHead>
              <TableHead className="text-right">Calls</TableHead>
              <TableHead className="text-right">Spend</TableHead>
              <TableHead className="pr-5 text-right">Estimate · used</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((t) => (
              <TableRow key={t.taskId} data-testid="usage-top-task">
                <TableCell className="max-w-56 truncate pl-5" title={`${t.projectName} · ${t.title}`}>
                  <Link href={`/projects/${t.projectId}?tab=cost`} className="hover:underline">
                    {t.title}
                  </Link>
                  <span className="block truncate text-xs text-muted-foreground">{t.projectName}</span>
                </TableCell>
                <TableCell className="text-right tabular-nums">{t.calls}</TableCell>
                <TableCell className="text-right">
                  <MoneyLink value={t.costUsd} onOpen={() => onOpen(t.taskId, t.title)} />
                </TableCell>
                <TableCell className="pr-5 text-right">
                  <EstimateCell actual={t.costUsd} estimate={t.estimate?.costUsd} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
