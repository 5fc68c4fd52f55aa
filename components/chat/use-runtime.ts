"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";

/** Which models the tiers use and which sandbox protections are active (changes only on restart). */
export function useRuntime() {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  return useQuery({ ...trpc.agents.runtime.queryOptions({ orgId }), staleTime: 5 * 60_000 });
}
