"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useLiveEvents } from "@/lib/realtime/use-live-events";
import { useTRPC } from "@/lib/trpc/react";

/** The project behind a plan card, refetched whenever its status changes. */
export function usePlanProject(projectId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.projects.get.queryOptions({ projectId }));
  useLiveEvents(`project:${projectId}`, (event) => {
    if (event.type === "project.status") void queryClient.invalidateQueries({ queryKey: trpc.projects.get.queryKey({ projectId }) });
  });
  return query;
}
