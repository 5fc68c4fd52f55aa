"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, ListTodo, SearchX, Target } from "lucide-react";
import { useTRPC } from "@/lib/trpc/react";
import { formatDateTime } from "@/lib/format";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { ProjectStatusBadge } from "./project-status-badge";

function BackLink() {
  return (
    <Link
      href="/projects"
      className="mb-4 inline-flex items-center gap-1.5 rounded-sm text-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring"
    >
      <ArrowLeft className="size-4" aria-hidden />
      Projects
    </Link>
  );
}

export function ProjectDetail({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const project = useQuery(trpc.projects.get.queryOptions({ projectId }));

  if (project.isPending) {
    return (
      <div role="status" aria-label="Loading project" className="grid gap-6">
        <BackLink />
        <div className="grid gap-2">
          <Skeleton className="h-7 w-64" />
          <Skeleton className="h-4 w-40" />
        </div>
        <Skeleton className="h-32 rounded-xl" />
        <Skeleton className="h-56 rounded-xl" />
      </div>
    );
  }
  if (project.isError) {
    const notFound = (project.error.data as { code?: string } | undefined)?.code === "NOT_FOUND";
    return (
      <div>
        <BackLink />
        {notFound ? (
          <EmptyState
            icon={SearchX}
            title="Project not found"
            description="It may have been deleted, or it belongs to an organisation you're not in. Switch organisation to look there."
            data-testid="project-not-found"
          />
        ) : (
          <ErrorState title="Couldn't load this project" error={project.error} onRetry={() => void project.refetch()} retrying={project.isRefetching} />
        )}
      </div>
    );
  }

  const p = project.data;
  return (
    <div>
      <BackLink />
      <PageHeader title={p.name} description={`Created ${formatDateTime(p.createdAt)}`} actions={<ProjectStatusBadge status={p.status} />} />
      <div className="grid gap-6">
        <Card>
          <CardHeader>
            <CardTitle className="flex items-center gap-2 text-sm font-medium text-muted-foreground">
              <Target className="size-4" aria-hidden />
              Goal
            </CardTitle>
          </CardHeader>
          <CardContent>
            <p className="leading-relaxed whitespace-pre-wrap" data-testid="project-goal">
              {p.goal}
            </p>
          </CardContent>
        </Card>
        <section aria-labelledby="tasks-heading" className="grid gap-3">
          <h2 id="tasks-heading" className="text-base font-semibold">
            Tasks
          </h2>
          <EmptyState
            icon={ListTodo}
            title="No tasks yet"
            description="Plans appear here once the planner is connected: each task with its agent, dependencies, cost estimate and live progress."
            data-testid="project-tasks-empty"
          />
        </section>
      </div>
    </div>
  );
}
