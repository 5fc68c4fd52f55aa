"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";
import { ArrowDown, ListTree } from "lucide-react";
import type { LiveEvent } from "@/lib/events";
import { useLiveEvents } from "@/lib/realtime/use-live-events";
import { useTRPC } from "@/lib/trpc/react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonList } from "@/components/ui/skeleton";
import { formatTokens, formatUsd } from "@/components/projects/format-usage";
import { buildTimeline, mergeEvents } from "./build-timeline";
import { LiveStep } from "./live-step";
import { TimelineItem } from "./timeline-item";
import { useLiveStep } from "./use-live-step";

const NEAR_BOTTOM_PX = 48;

/**
 * A task's steps, live: the recorded events first, then each new one as it arrives. Follows the
 * newest step unless the person scrolled up to read; then a button brings them back.
 */
export function TaskTimeline({
  projectId,
  taskId,
  taskKey,
  active = false,
}: {
  projectId: string;
  taskId: string;
  taskKey: string;
  /** The task is queued or running: follow its newest step from the start. */
  active?: boolean;
}) {
  const trpc = useTRPC();
  // Events that arrive while the first fill is in flight would otherwise be lost between the two.
  const [live, setLive] = React.useState<LiveEvent[]>([]);
  // The step being written now (live deltas, not stored); its stored events replace it.
  const step = useLiveStep(projectId, taskId);
  useLiveEvents(`project:${projectId}`, (e) => {
    const p = (e.payload ?? {}) as { taskKey?: unknown; taskId?: unknown };
    if (p.taskKey === taskKey) step.onEvent(e);
    if (p.taskKey === taskKey || (e.type === "llm.call" && p.taskId === taskId)) setLive((prev) => [...prev, e]);
  });
  const timeline = useQuery(trpc.projects.timeline.queryOptions({ projectId, taskId }));
  const { items, totals } = React.useMemo(() => buildTimeline(mergeEvents(timeline.data, live)), [timeline.data, live]);

  const scroller = React.useRef<HTMLDivElement>(null);
  // A live task opens at its newest step; a finished one at its first.
  const [following, setFollowing] = React.useState(active);
  const [unseen, setUnseen] = React.useState(0);
  const seen = React.useRef({ count: 0, height: 0, filled: false });

  React.useLayoutEffect(() => {
    const el = scroller.current;
    const before = seen.current;
    const added = items.length - before.count;
    before.count = items.length;
    if (!el || added <= 0) return;
    // Content that fitted without scrolling had nothing to scroll up from: keep following it.
    const fitted = before.height <= el.clientHeight + NEAR_BOTTOM_PX;
    if (!before.filled) {
      before.filled = true;
      if (following) el.scrollTop = el.scrollHeight;
    } else if (following || fitted) {
      el.scrollTop = el.scrollHeight;
    } else {
      setUnseen((n) => n + added);
    }
    before.height = el.scrollHeight;
  }, [items.length, following]);

  // The step in progress grows in place: keep the newest words in view while following.
  const liveSize = step.live ? step.live.text.length + step.live.tools.reduce((n, t) => n + t.input.length, 0) : 0;
  React.useLayoutEffect(() => {
    const el = scroller.current;
    if (el && following && liveSize > 0) el.scrollTop = el.scrollHeight;
  }, [liveSize, following]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    seen.current.height = el.scrollHeight;
    setFollowing(atBottom);
    if (atBottom) setUnseen(0);
  };

  const jump = () => {
    const el = scroller.current;
    if (el) el.scrollTo({ top: el.scrollHeight, behavior: "smooth" });
    setFollowing(true);
    setUnseen(0);
  };

  if (timeline.isPending) return <SkeletonList rows={5} label="Loading steps" />;
  if (timeline.isError) {
    return <ErrorState title="Couldn't load the steps" error={timeline.error} onRetry={() => void timeline.refetch()} retrying={timeline.isRefetching} />;
  }

  return (
    <div className="relative grid min-w-0 grid-cols-1 gap-2">
      <div className="flex items-center justify-between gap-2 text-xs text-muted-foreground">
        <span>
          {totals.steps} {totals.steps === 1 ? "step" : "steps"} · {formatTokens(totals.tokens)} tokens · {formatUsd(totals.costUsd)}
        </span>
        {!following && (
          <Button variant="ghost" size="sm" className="h-6 px-2 text-xs" onClick={jump}>
            <ArrowDown className="size-3.5" />
            {unseen > 0 ? `${unseen} new` : "Latest"}
          </Button>
        )}
      </div>
      <div
        ref={scroller}
        onScroll={onScroll}
        className="max-h-[36rem] min-h-40 min-w-0 overflow-x-hidden overflow-y-auto rounded-lg border bg-background/50 p-3"
        data-testid="timeline"
        aria-live="polite"
        aria-relevant="additions"
        tabIndex={0}
        aria-label="Task steps"
      >
        {items.length === 0 && !step.live ? (
          <EmptyState icon={ListTree} title="No steps yet" description="Steps appear here live once an agent picks this task up." className="border-0 py-8" />
        ) : (
          <ol className="grid grid-cols-1 gap-2">
            {items.map((item) => (
              <TimelineItem key={item.id} item={item} projectId={projectId} />
            ))}
            {step.live && <LiveStep live={step.live} />}
          </ol>
        )}
      </div>
    </div>
  );
}
