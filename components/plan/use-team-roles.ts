"use client";

import { useQuery } from "@tanstack/react-query";
import { DEFAULT_ROLES } from "@/lib/agent-tools";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";

/**
 * The roles a plan's task may be given: the org's agents and the default team (as the server checks).
 * The planner plans; it is offered only when a task already has it.
 */
export function useTeamRoles(enabled: boolean): string[] {
  const trpc = useTRPC();
  const { orgId } = useOrg();
  const agents = useQuery({ ...trpc.agents.list.queryOptions({ orgId }), enabled });
  return [...new Set([...DEFAULT_ROLES, ...(agents.data ?? []).map((a) => a.role)])];
}
