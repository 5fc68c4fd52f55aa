"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { GitPullRequestArrow, RotateCw } from "lucide-react";
import { useLiveEvents } from "@/lib/realtime/use-live-events";
import { useTRPC } from "@/lib/trpc/react";
import { Button } from "@/components/ui/button";
import { PlanCard } from "./plan-card";

/**
 * The project page's view of a change waiting for approval: a banner and the same plan card as in
 * chat. It appears and goes away live, as changes are proposed and decided. Nothing while none waits.
 */
export function PendingChange({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const changes = useQuery(trpc.projects.changes.queryOptions({ projectId }));
  useLiveEvents(`project:${projectId}`, (e) => {
    if (e.type === "change.proposed" || e.type === "change.decided") void queryClient.invalidateQueries({ queryKey: trpc.projects.changes.queryKey({ projectId }) });
  });
  if (changes.isError) {
    return (
      <p role="alert" className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground" data-testid="pending-change-error">
        Couldn&apos;t check for a change waiting for approval.
        <Button variant="ghost" size="sm" onClick={() => void changes.refetch()} loading={changes.isRefetching}>
          <RotateCw />
          Try again
        </Button>
      </p>
    );
  }
  // While loading, and when no change waits (the usual case), the page shows nothing here.
  const pending = changes.data?.find((c) => c.status === "pending");
  if (!pending) return null;
  return (
    <section aria-label="Change awaiting approval" className="grid gap-3" data-testid="pending-change">
      <div className="flex flex-wrap items-center gap-2 rounded-xl border border-warning/40 bg-warning/10 px-4 py-3 text-sm" role="status">
        <GitPullRequestArrow className="size-4 shrink-0 text-warning" aria-hidden />
        <span className="font-medium">A change is waiting for approval.</span>
        <span className="text-muted-foreground">Its tasks are added and start only after someone approves it.</span>
      </div>
      <PlanCard projectId={projectId} plan={pending.plan} kind="change_request" changeId={pending.id} />
    </section>
  );
}
