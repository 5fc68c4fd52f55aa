"use client";

import * as React from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Download, FileSearch, KeyRound, ReceiptText } from "lucide-react";
import { useTRPC } from "@/lib/trpc/react";
import { formatDateTime } from "@/lib/format";
import { formatTokens, formatUsd } from "@/components/projects/format-usage";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FormAlert } from "@/components/ui/form-alert";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TraceDialog } from "@/components/trace/trace-dialog";
import { CallsFilters, type CallSearch } from "./calls-filters";
import { rangeLabel } from "./range";
import type { CallFilter, UsageCallRow } from "./types";
import { useCsvExport, type UsageSource } from "./usage-source";

export type CallsView = { title: string; filter: CallFilter };

/** The LlmCall rows behind a number on the panel, newest first, with a CSV of exactly these rows. */
export function CallsDrawer({ source, view, onClose }: { source: UsageSource; view: CallsView | null; onClose: () => void }) {
  return (
    <Dialog open={view !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-5xl" data-testid="usage-calls-drawer">
        {view && <CallsList source={source} view={view} />}
      </DialogContent>
    </Dialog>
  );
}

function CallsList({ source, view }: { source: UsageSource; view: CallsView }) {
  const trpc = useTRPC();
  const csv = useCsvExport(source);
  const [search, setSearch] = React.useState<CallSearch>(() => ({ projectId: view.filter.projectId, taskId: view.filter.taskId, model: view.filter.model, status: view.filter.status }));
  const [traced, setTraced] = React.useState<string | null>(null);
  const filter = { ...view.filter, ...search };
  const input = { ...filter, limit: 50 };
  const opts = { getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor ?? undefined };
  const query = useInfiniteQuery(
    (source.projectId
      ? trpc.usage.projectCalls.infiniteQueryOptions({ ...input, projectId: source.projectId }, opts)
      : trpc.usage.calls.infiniteQueryOptions({ ...input, orgId: source.orgId! }, opts)) as ReturnType<typeof trpc.usage.calls.infiniteQueryOptions>,
  );
  const items = ((query.data?.pages ?? []) as { items: UsageCallRow[] }[]).flatMap((p) => p.items);
  return (
    <>
      <DialogHeader>
        <DialogTitle>{view.title}</DialogTitle>
        <DialogDescription>
          Model calls behind this number, {rangeLabel(view.filter.from, view.filter.to)} (organisation calendar), newest first. Open one to see its prompt and answer.
        </DialogDescription>
      </DialogHeader>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <CallsFilters source={source} value={search} onChange={setSearch} />
        <Button variant="outline" size="sm" loading={csv.busy === "calls"} onClick={() => void csv.run("calls", { ...filter, kind: "calls" })} data-testid="usage-calls-csv">
          {csv.busy !== "calls" && <Download />}
          Export CSV
        </Button>
      </div>
      {csv.error && <FormAlert>{csv.error}</FormAlert>}
      {query.isPending ? (
        <div role="status" aria-label="Loading calls" className="grid gap-2">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-9" />
          ))}
        </div>
      ) : query.isError ? (
        <ErrorState title="Couldn't load the calls" error={query.error} onRetry={() => void query.refetch()} retrying={query.isRefetching} />
      ) : items.length === 0 ? (
        <EmptyState icon={ReceiptText} title="No calls" description="No model call matches this number's filters." />
      ) : (
        <div className="max-h-[60vh] overflow-auto rounded-md border">
          <Table data-testid="usage-calls-table">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead className="w-0 pl-3">
                  <span className="sr-only">Trace</span>
                </TableHead>
                <TableHead>When</TableHead>
                <TableHead>Project · task</TableHead>
                <TableHead>Who</TableHead>
                <TableHead>Model</TableHead>
                <TableHead className="text-right">Tokens in / out / cached</TableHead>
                <TableHead className="text-right">Cost</TableHead>
                <TableHead className="pr-3">Outcome</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((c) => (
                <TableRow key={c.id} data-testid="usage-call-row" data-call-id={c.id}>
                  <TableCell className="pl-3">
                    <Button variant="ghost" size="sm" onClick={() => setTraced(c.id)} aria-label={`Trace of the ${c.model} call`} data-testid="usage-call-trace">
                      <FileSearch />
                      Trace
                    </Button>
                  </TableCell>
                  <TableCell className="whitespace-nowrap">{formatDateTime(c.createdAt)}</TableCell>
                  <TableCell className="max-w-56 truncate" title={c.taskTitle ?? undefined}>
                    {c.projectName ?? <span className="text-muted-foreground">No project</span>}
                    {c.taskTitle && <span className="text-muted-foreground"> · {c.taskTitle}</span>}
                  </TableCell>
                  <TableCell className="max-w-40 truncate">
                    {c.apiKeyName ? (
                      <span className="inline-flex items-center gap-1">
                        <KeyRound className="size-3.5" aria-label="API key" />
                        {c.apiKeyName}
                      </span>
                    ) : (
                      (c.userName ?? <span className="text-muted-foreground">System</span>)
                    )}
                    {c.agentRole && <span className="text-muted-foreground"> · {c.agentRole}</span>}
                  </TableCell>
                  <TableCell className="font-mono text-xs">{c.model}</TableCell>
                  <TableCell className="text-right tabular-nums">
                    {formatTokens(c.tokensIn)} / {formatTokens(c.tokensOut)} / {formatTokens(c.tokensCached)}
                  </TableCell>
                  <TableCell className="text-right tabular-nums" title={`$${c.costUsd}`}>
                    {formatUsd(Number(c.costUsd))}
                    <SavedByCache usd={Number(c.cacheSavingsUsd)} />
                  </TableCell>
                  <TableCell className="pr-3">
                    <span className="inline-flex gap-1">
                      {c.status === "ok" ? <Badge variant="success">OK</Badge> : <Badge variant="destructive" title={c.error ?? undefined}>Failed</Badge>}
                      {c.cacheHit && (
                        <Badge variant="info" title="Answered from the response cache: the same request at temperature 0 was answered before, so no provider was called." data-testid="usage-call-cache-hit">
                          Cache hit
                        </Badge>
                      )}
                    </span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {traced && <TraceDialog source={source.projectId ? { projectId: source.projectId } : { orgId: source.orgId! }} callId={traced} open onOpenChange={(open) => !open && setTraced(null)} />}
      {query.hasNextPage && (
        <Button variant="outline" size="sm" className="justify-self-center" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
          Load more
        </Button>
      )}
    </>
  );
}

/** What a call saved: a response-cache hit saves the original call's cost, a prompt-cache read the cached tokens' discount. */
function SavedByCache({ usd }: { usd: number }) {
  if (!(usd > 0)) return null;
  return (
    <span className="block text-xs text-success" data-testid="usage-call-saved">
      saved {formatUsd(usd)} by caching
    </span>
  );
}
