"use client";

import * as React from "react";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { ChevronRight, ScrollText } from "lucide-react";
import { useTRPC } from "@/lib/trpc/react";
import { formatDateTime, relativeTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import { auditActionLabel, auditTargetLabel } from "@/lib/audit-labels";
import { RequirePermission } from "@/components/admin/require-permission";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { AuditFilters, EMPTY_FILTERS, toQuery, type AuditFilterValues } from "./audit-filters";
import { OutcomeBadge } from "./outcome-badge";

const PAGE = 50;

function hasDetail(detail: unknown): boolean {
  if (detail == null) return false;
  if (typeof detail === "object") return Object.keys(detail).length > 0;
  return true;
}

function AuditLog({ filters }: { filters: AuditFilterValues }) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const [open, setOpen] = React.useState<Set<string>>(new Set());
  const log = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { orgId, limit: PAGE, ...toQuery(filters) },
      { getNextPageParam: (last) => last.nextCursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );

  if (log.isPending) {
    return (
      <div role="status" aria-label="Loading audit log" className="grid gap-2 p-4">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-10" />
        ))}
      </div>
    );
  }
  if (log.isError) {
    return (
      <div className="p-4">
        <ErrorState title="Couldn't load the audit log" error={log.error} onRetry={() => void log.refetch()} retrying={log.isRefetching} />
      </div>
    );
  }
  const items = log.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    const filtered = Object.values(filters).some(Boolean);
    return (
      <EmptyState
        icon={ScrollText}
        title={filtered ? "No entries match these filters" : "No audit entries yet"}
        description={filtered ? "Widen the dates or clear a filter." : "Sign-ins, invites, role changes and other sensitive actions are recorded here."}
        className="m-4"
        data-testid="audit-empty"
      />
    );
  }

  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <>
      <Table data-testid="audit-table">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead className="w-8 pl-4">
              <span className="sr-only">Details</span>
            </TableHead>
            <TableHead>When</TableHead>
            <TableHead>Actor</TableHead>
            <TableHead>Action</TableHead>
            <TableHead className="hidden lg:table-cell">Target</TableHead>
            <TableHead>Outcome</TableHead>
            <TableHead className="hidden pr-5 md:table-cell">IP</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((item) => {
            const expandable = hasDetail(item.detail);
            const expanded = open.has(item.id);
            return (
              <React.Fragment key={item.id}>
                <TableRow data-testid="audit-row" className={cn(expanded && "border-b-0 bg-muted/30")}>
                  <TableCell className="pl-4">
                    {expandable && (
                      <Button
                        variant="ghost"
                        size="icon-sm"
                        className="size-6"
                        aria-expanded={expanded}
                        aria-label={expanded ? "Hide details" : "Show details"}
                        onClick={() => toggle(item.id)}
                      >
                        <ChevronRight className={cn("transition-transform", expanded && "rotate-90")} />
                      </Button>
                    )}
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    <time dateTime={item.createdAt.toISOString()} title={formatDateTime(item.createdAt)}>
                      {relativeTime(item.createdAt)}
                    </time>
                  </TableCell>
                  <TableCell className="max-w-48 truncate" title={item.actor?.email ?? undefined}>
                    {item.actor?.name ?? item.actor?.email ?? <span className="text-muted-foreground">System</span>}
                  </TableCell>
                  <TableCell title={item.action} data-testid="audit-action">
                    {auditActionLabel(item.action)}
                  </TableCell>
                  <TableCell className="hidden max-w-56 truncate text-muted-foreground lg:table-cell" data-testid="audit-target">
                    {item.targetType ? (
                      <>
                        {auditTargetLabel(item.targetType)}
                        {item.targetName ? <span className="text-foreground"> · {item.targetName}</span> : null}
                      </>
                    ) : (
                      "—"
                    )}
                  </TableCell>
                  <TableCell>
                    <OutcomeBadge outcome={item.outcome} />
                  </TableCell>
                  <TableCell className="hidden pr-5 font-mono text-xs text-muted-foreground md:table-cell">{item.ip ?? "—"}</TableCell>
                </TableRow>
                {expanded && (
                  <TableRow className="bg-muted/30 hover:bg-muted/30">
                    <TableCell />
                    <TableCell colSpan={6} className="pt-0 pr-5">
                      <pre className="max-h-64 overflow-auto rounded-md border bg-background p-3 font-mono text-xs leading-relaxed">
                        {JSON.stringify(item.detail, null, 2)}
                      </pre>
                    </TableCell>
                  </TableRow>
                )}
              </React.Fragment>
            );
          })}
        </TableBody>
      </Table>
      <div className="flex items-center justify-between gap-3 border-t px-5 py-3 text-sm text-muted-foreground">
        <span>
          Showing {items.length} {items.length === 1 ? "entry" : "entries"}, newest first
        </span>
        {log.hasNextPage && (
          <Button variant="outline" size="sm" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage} data-testid="audit-load-more">
            Load more
          </Button>
        )}
      </div>
    </>
  );
}

export function AuditPage() {
  const [filters, setFilters] = React.useState<AuditFilterValues>(EMPTY_FILTERS);
  return (
    <RequirePermission permission="audit:read">
      <PageHeader title="Audit log" description="Who did what, when, and whether it was allowed." />
      <div className="grid gap-4">
        <AuditFilters value={filters} onChange={setFilters} />
        <Card className="overflow-hidden">
          <AuditLog filters={filters} />
        </Card>
      </div>
    </RequirePermission>
  );
}
