"use client";

import { useQuery } from "@tanstack/react-query";
import { Bot, Wrench } from "lucide-react";
import { useTRPC } from "@/lib/trpc/react";
import { humanize } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";

export function AgentList() {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const agents = useQuery(trpc.agents.list.queryOptions({ orgId }));

  let body: React.ReactNode;
  if (agents.isPending) {
    body = (
      <div role="status" aria-label="Loading agents" className="grid gap-4 md:grid-cols-2">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-36 rounded-xl" />
        ))}
      </div>
    );
  } else if (agents.isError) {
    body = <ErrorState title="Couldn't load agents" error={agents.error} onRetry={() => void agents.refetch()} retrying={agents.isRefetching} />;
  } else if (agents.data.length === 0) {
    body = (
      <EmptyState
        icon={Bot}
        title="No agents yet"
        description="The agent registry is the next milestone: architects, engineers, reviewers and testers, each with its own instructions, tools and model tier."
        data-testid="agents-empty"
      />
    );
  } else {
    body = (
      <ul className="grid gap-4 md:grid-cols-2" data-testid="agent-list">
        {agents.data.map((a) => (
          <li key={a.id}>
            <Card className="grid h-full gap-3 p-4" data-testid="agent-card">
              <div className="flex items-start gap-3">
                <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-primary/10 text-primary">
                  <Bot className="size-4.5" aria-hidden />
                </span>
                <div className="grid min-w-0 flex-1 gap-0.5">
                  <p className="truncate font-medium">{a.name}</p>
                  <p className="text-xs text-muted-foreground">{humanize(a.role)}</p>
                </div>
                <Badge variant="secondary">{humanize(a.modelTier)} model</Badge>
              </div>
              <p className="line-clamp-3 text-sm text-muted-foreground">{a.instructions}</p>
              {a.tools.length > 0 && (
                <div className="flex flex-wrap items-center gap-1.5">
                  <Wrench className="size-3.5 text-muted-foreground" aria-label="Tools" />
                  {a.tools.map((t) => (
                    <Badge key={t} variant="outline" className="font-mono text-[11px]">
                      {t}
                    </Badge>
                  ))}
                </div>
              )}
            </Card>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <div>
      <PageHeader title="Agents" description="The roles that plan, build, review and test your projects." />
      {body}
    </div>
  );
}
