"use client";

import * as React from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Bot, Plus } from "lucide-react";
import { can } from "@/lib/rbac";
import { useLiveEvents } from "@/lib/realtime/use-live-events";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { useRuntime } from "@/components/chat/use-runtime";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { AgentCard } from "./agent-card";
import { AgentDialog } from "./agent-dialog";
import { asTier, type Agent } from "./agent-types";
import { RuntimeCard } from "./runtime-card";

/** /agents: the team, what each is doing right now, and the runtime they work in. */
export function AgentsPage() {
  const { orgId, role } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const agents = useQuery(trpc.agents.list.queryOptions({ orgId }));
  const runtime = useRuntime();
  const canManage = can(role, "agents:manage");
  const [editing, setEditing] = React.useState<Agent | null>(null);
  const [adding, setAdding] = React.useState(false);

  // Who works on what changes with every task status.
  useLiveEvents(`org:${orgId}`, (event) => {
    if (event.type === "task.status") void queryClient.invalidateQueries({ queryKey: trpc.agents.list.queryKey({ orgId }) });
  });

  const roles = agents.data?.map((a) => a.role) ?? [];
  let body: React.ReactNode;
  if (agents.isPending) {
    body = (
      <div role="status" aria-label="Loading agents" className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <Skeleton key={i} className="h-56 rounded-xl" />
        ))}
      </div>
    );
  } else if (agents.isError) {
    body = <ErrorState title="Couldn't load agents" error={agents.error} onRetry={() => void agents.refetch()} retrying={agents.isRefetching} />;
  } else if (agents.data.length === 0) {
    body = <EmptyState icon={Bot} title="No agents yet" description="Add an agent to give the planner someone to assign tasks to." data-testid="agents-empty" />;
  } else {
    body = (
      <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" data-testid="agent-list">
        {agents.data.map((a) => (
          <li key={a.id}>
            <AgentCard agent={a} modelLabel={runtime.data?.models.tiers[asTier(a.modelTier)].label} onEdit={canManage ? () => setEditing(a) : undefined} />
          </li>
        ))}
      </ul>
    );
  }

  return (
    <div className="grid gap-8">
      <div>
        <PageHeader
          title="Agents"
          description="The team that plans, builds, reviews and tests your projects: each with its own instructions, tools and model."
          actions={
            canManage && (
              <Button onClick={() => setAdding(true)} data-testid="agent-add">
                <Plus />
                Add agent
              </Button>
            )
          }
        />
        {body}
      </div>
      <RuntimeCard />
      {canManage && (
        <>
          <AgentDialog open={adding} onOpenChange={setAdding} takenRoles={roles} />
          <AgentDialog agent={editing ?? undefined} open={editing !== null} onOpenChange={(open) => !open && setEditing(null)} />
        </>
      )}
    </div>
  );
}
