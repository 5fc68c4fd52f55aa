"use client";

import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useLiveEvents } from "@/lib/realtime/use-live-events";
import { useOrg } from "@/components/org/org-provider";

/** Refetches `queryKeys` whenever an org event whose type starts with `prefix` arrives (e.g. "member."). */
export function useLiveInvalidation(prefix: string, queryKeys: QueryKey[]): void {
  const { orgId } = useOrg();
  const queryClient = useQueryClient();
  useLiveEvents(`org:${orgId}`, (event) => {
    if (!event.type.startsWith(prefix)) return;
    for (const queryKey of queryKeys) void queryClient.invalidateQueries({ queryKey });
  });
}
