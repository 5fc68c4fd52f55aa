"use client";

import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { FolderKanban, MessageSquare, SearchX } from "lucide-react";
import { can } from "@/lib/rbac";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { NewProjectDialog } from "./new-project-dialog";
import { ProjectCard } from "./project-card";
import { hasFilters, toListFilter, type ProjectFilterValues } from "./project-filters";
import { useProjectsLive } from "./use-projects-live";

const GRID = "grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3";

export function ProjectGridSkeleton({ count = 6, className = GRID }: { count?: number; className?: string }) {
  return (
    <div role="status" aria-label="Loading projects" className={className}>
      {Array.from({ length: count }, (_, i) => (
        <Skeleton key={i} className="h-40 rounded-xl" />
      ))}
    </div>
  );
}

/** `limit` shows only the newest few (the dashboard); `gridClassName` sets the columns; `filter` the projects page's filters. */
export function ProjectList({
  limit,
  gridClassName = GRID,
  filter,
  onClearFilters,
}: {
  limit?: number;
  gridClassName?: string;
  filter?: ProjectFilterValues;
  onClearFilters?: () => void;
}) {
  const { orgId, role } = useOrg();
  const trpc = useTRPC();
  // While a new filter loads, the previous results stay (no skeleton flash on every keystroke).
  const projects = useQuery({ ...trpc.projects.list.queryOptions({ orgId, ...(filter ? toListFilter(filter) : {}) }), placeholderData: keepPreviousData });
  useProjectsLive();

  if (projects.isPending) return <ProjectGridSkeleton count={limit ?? 6} className={gridClassName} />;
  if (projects.isError) {
    return (
      <ErrorState
        title="Couldn't load projects"
        error={projects.error}
        onRetry={() => void projects.refetch()}
        retrying={projects.isRefetching}
      />
    );
  }
  if (projects.data.length === 0 && filter && hasFilters(filter)) {
    return (
      <EmptyState
        icon={SearchX}
        title={filter.archived === "archived" && !filter.q.trim() && !filter.status ? "No archived projects" : "No projects match"}
        description="Change the search or the filters, or clear them to see every active project."
        data-testid="projects-no-match"
        action={
          onClearFilters && (
            <Button variant="outline" onClick={onClearFilters}>
              Clear filters
            </Button>
          )
        }
      />
    );
  }
  if (projects.data.length === 0) {
    return (
      <EmptyState
        icon={FolderKanban}
        title="No projects yet"
        description="Start in Chat: describe what you want built and the planner proposes a costed plan. Or create a project directly from a goal."
        data-testid="projects-empty"
        action={
          <>
            {can(role, "chat:use") && (
              <Button asChild>
                <Link href="/chat">
                  <MessageSquare />
                  Start from Chat
                </Link>
              </Button>
            )}
            {can(role, "projects:create") && <NewProjectDialog trigger={<Button variant="outline">New project</Button>} />}
          </>
        }
      />
    );
  }

  const shown = limit ? projects.data.slice(0, limit) : projects.data;
  return (
    <div className={gridClassName} data-testid="project-list" aria-busy={projects.isPlaceholderData || undefined}>
      {shown.map((p) => (
        <ProjectCard key={p.id} project={p} />
      ))}
    </div>
  );
}
