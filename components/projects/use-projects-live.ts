"use client";

import * as React from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useLiveEvents } from "@/lib/realtime/use-live-events";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";

/** What changes a project card: its status, its plan, its tasks' progress. Agent steps do not. */
const LIST_EVENTS = new Set(["project.created", "project.status", "plan.proposed", "task.status", "task.added"]);

/** Refetches the project list on project and task events of the org, at most once per burst. */
export function useProjectsLive(): void {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const timer = React.useRef<ReturnType<typeof setTimeout> | null>(null);
  React.useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useLiveEvents(`org:${orgId}`, (e) => {
    if (!LIST_EVENTS.has(e.type) || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void queryClient.invalidateQueries({ queryKey: trpc.projects.list.queryKey({ orgId }) });
    }, 400);
  });
}
