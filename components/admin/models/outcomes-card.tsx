"use client";

import { useQuery } from "@tanstack/react-query";
import { GraduationCap, Sparkles } from "lucide-react";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { roleLabel } from "@/components/agents/role-label";
import { formatUsd } from "@/components/projects/format-usage";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

const pct = (r: number) => `${Math.round(r * 100)} %`;

/**
 * How each role's tasks ended on each model here, which model learned routing would pick, and what
 * the calls cost against "always the top model". Projects opt in to learned routing on their page.
 */
export function OutcomesCard() {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const report = useQuery(trpc.routing.outcomes.queryOptions({ orgId }));
  return (
    <Card data-testid="outcomes-card">
      <CardHeader>
        <CardTitle>Learning from outcomes</CardTitle>
        <CardDescription>
          How agents&apos; tasks ended on each model in the last {report.data?.days ?? 90} days. A project with learned routing on sends each role to the cheapest
          model whose success rate stays within its margin of the best.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {report.isPending ? (
          <Skeleton className="h-32" aria-label="Loading outcomes" />
        ) : report.isError ? (
          <ErrorState title="Couldn't load the outcomes" error={report.error} onRetry={() => void report.refetch()} retrying={report.isRefetching} />
        ) : report.data.rows.length === 0 ? (
          <EmptyState icon={GraduationCap} title="No finished tasks yet" description="Figures appear here as agents finish tasks." />
        ) : (
          <>
            <p className="flex items-center gap-2 text-sm" data-testid="outcomes-savings">
              <Sparkles className="size-4 text-muted-foreground" aria-hidden />
              {report.data.totalSavedUsd >= 0 ? (
                <span>
                  Saved <strong className="tabular-nums">{formatUsd(report.data.totalSavedUsd)}</strong> against always using the top model ({report.data.topModel}).
                </span>
              ) : (
                <span>
                  Spent <strong className="tabular-nums">{formatUsd(-report.data.totalSavedUsd)}</strong> more than always using the top model ({report.data.topModel}) would have.
                </span>
              )}
            </p>
            <Table data-testid="outcomes-table">
              <TableHeader>
                <TableRow>
                  <TableHead>Role</TableHead>
                  <TableHead>Model</TableHead>
                  <TableHead className="text-right">Runs</TableHead>
                  <TableHead className="text-right">Succeeded</TableHead>
                  <TableHead className="text-right">Handed back</TableHead>
                  <TableHead className="text-right">Failed</TableHead>
                  <TableHead className="text-right">Avg steps</TableHead>
                  <TableHead className="text-right">Avg cost</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {report.data.rows.map((r) => {
                  const learned = report.data.learned[r.role];
                  const chosen = learned?.provider === r.provider && learned.model === r.model;
                  return (
                    <TableRow key={`${r.role}:${r.provider}:${r.model}`}>
                      <TableCell>{roleLabel(r.role)}</TableCell>
                      <TableCell>
                        <span className="flex items-center gap-2">
                          {r.model}
                          {chosen && (
                            <Badge variant="secondary" title={learned.reason}>
                              learned choice
                            </Badge>
                          )}
                        </span>
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{r.runs}</TableCell>
                      <TableCell className="text-right tabular-nums">{pct(r.successRate)}</TableCell>
                      <TableCell className="text-right tabular-nums">{r.handedBack}</TableCell>
                      <TableCell className="text-right tabular-nums">{r.failed}</TableCell>
                      <TableCell className="text-right tabular-nums">{r.avgSteps}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatUsd(r.avgCostUsd)}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </>
        )}
      </CardContent>
    </Card>
  );
}
