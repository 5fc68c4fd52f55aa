"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Activity } from "lucide-react";
import { isPeopleEvent } from "@/lib/activity";
import type { LiveEvent } from "@/lib/events";
import { useLiveEvents } from "@/lib/realtime/use-live-events";
import { useTRPC } from "@/lib/trpc/react";
import { formatDateTime, relativeTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import { useOrg } from "@/components/org/org-provider";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { describeEvent } from "./describe-event";
import { useNow } from "./use-now";

const LIMIT = 30;
const TONES = {
  default: "bg-muted text-muted-foreground",
  success: "bg-success/15 text-success",
  warning: "bg-warning/20 text-warning-foreground dark:text-warning",
  destructive: "bg-destructive/12 text-destructive",
} as const;

/** Org activity: the recent history, then live events prepended as they happen. */
export function ActivityFeed() {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const recent = useQuery(trpc.activity.recent.queryOptions({ orgId, limit: LIMIT, people: true }));
  // Live events carry the project's id only: its name comes from the loaded history or the project list.
  const projects = useQuery(trpc.projects.list.queryOptions({ orgId }));
  const [live, setLive] = React.useState<{ orgId: string; events: LiveEvent[] }>({ orgId, events: [] });
  const now = useNow();

  useLiveEvents(`org:${orgId}`, (event) => {
    if (!isPeopleEvent(event)) return;
    setLive((prev) => ({ orgId, events: [event, ...(prev.orgId === orgId ? prev.events : [])].slice(0, LIMIT) }));
  });

  const events = React.useMemo(() => {
    const seen = new Set<string>();
    const merged: LiveEvent[] = [];
    for (const e of [...(live.orgId === orgId ? live.events : []), ...(recent.data ?? [])]) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      merged.push(e);
    }
    return merged.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)).slice(0, LIMIT);
  }, [live, orgId, recent.data]);
  const projectNames = React.useMemo(() => {
    const names = new Map<string, string>();
    for (const e of recent.data ?? []) if (e.projectId && e.projectName) names.set(e.projectId, e.projectName);
    for (const p of projects.data ?? []) names.set(p.id, p.name);
    return names;
  }, [recent.data, projects.data]);

  if (recent.isPending) {
    return (
      <div role="status" aria-label="Loading activity" className="grid gap-4">
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="flex items-center gap-3">
            <Skeleton className="size-8 rounded-full" />
            <div className="grid flex-1 gap-1.5">
              <Skeleton className="h-3.5 w-3/4" />
              <Skeleton className="h-3 w-20" />
            </div>
          </div>
        ))}
      </div>
    );
  }
  if (recent.isError) {
    return <ErrorState title="Couldn't load activity" error={recent.error} onRetry={() => void recent.refetch()} retrying={recent.isRefetching} />;
  }
  if (events.length === 0) {
    return (
      <EmptyState
        icon={Activity}
        title="Nothing has happened yet"
        description="New projects, people joining and agent work show up here as it happens."
        className="border-0 py-10"
      />
    );
  }

  return (
    <ol className="-mx-1 grid max-h-[36rem] gap-1 overflow-y-auto px-1" aria-label="Recent activity" data-testid="activity-feed">
      {events.map((event) => {
        const line = describeEvent(event);
        const Icon = line.icon;
        const projectName = event.projectId ? projectNames.get(event.projectId) : undefined;
        return (
          <li key={event.id} data-testid="activity-item" className="flex animate-in items-start gap-3 rounded-lg px-2 py-2 hover:bg-muted/40">
            <span className={cn("mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full", TONES[line.tone])}>
              <Icon className="size-3.5" aria-hidden />
            </span>
            <div className="grid min-w-0 gap-0.5">
              <p className="text-sm leading-snug [overflow-wrap:anywhere]">{line.text}</p>
              <p className="flex min-w-0 items-center gap-1.5 text-xs text-muted-foreground">
                {projectName && (
                  <>
                    <Link href={`/projects/${event.projectId}`} className="min-w-0 truncate font-medium text-foreground/80 hover:underline" data-testid="activity-project">
                      {projectName}
                    </Link>
                    <span aria-hidden>·</span>
                  </>
                )}
                <time dateTime={event.createdAt} title={formatDateTime(event.createdAt)} className="shrink-0">
                  {relativeTime(event.createdAt, now)}
                </time>
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
