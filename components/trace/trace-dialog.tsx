"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/react";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { TraceView } from "./trace-view";
import type { CallTrace, TraceSource } from "./types";

/** One model call's trace over the page (from the timeline or a calls list), so the context stays behind it. */
export function TraceDialog({ source, callId, open, onOpenChange }: { source: TraceSource; callId: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-5xl sm:max-w-5xl" data-testid="trace-dialog">
        <DialogHeader>
          <DialogTitle>Model call trace</DialogTitle>
          <DialogDescription>The prompt as it was sent and the answer, with secrets masked.</DialogDescription>
        </DialogHeader>
        {open && <TraceLoader key={callId} source={source} callId={callId} />}
      </DialogContent>
    </Dialog>
  );
}

/** Shows one call; an earlier attempt of the same gateway call opens in its place (and back). */
function TraceLoader({ source, callId: first }: { source: TraceSource; callId: string }) {
  const trpc = useTRPC();
  const [callId, setCallId] = React.useState(first);
  const query = useQuery(
    ("projectId" in source
      ? trpc.trace.projectCall.queryOptions({ projectId: source.projectId, callId })
      : trpc.trace.orgCall.queryOptions({ orgId: source.orgId, callId })) as ReturnType<typeof trpc.trace.projectCall.queryOptions>,
  );
  if (query.isPending) {
    return (
      <div role="status" aria-label="Loading the trace" className="grid gap-2">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-16" />
        ))}
      </div>
    );
  }
  if (query.isError) return <ErrorState title="Couldn't load the trace" error={query.error} onRetry={() => void query.refetch()} retrying={query.isRefetching} />;
  return <TraceView data={query.data as CallTrace} onOpenCall={setCallId} backTo={callId !== first ? () => setCallId(first) : undefined} />;
}
