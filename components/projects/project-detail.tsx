"use client";

import * as React from "react";
import { usePathname, useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { ClipboardList, SearchX } from "lucide-react";
import { useTRPC } from "@/lib/trpc/react";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { PendingChange } from "@/components/plan/pending-change";
import { PlanCard } from "@/components/plan/plan-card";
import { BackLink, ProjectHeader } from "./project-header";
import { ProjectTabs, type ProjectTab } from "./project-tabs";
import { GenericTemplateNotice } from "./generic-template-notice";
import { QuestionsPanel } from "./questions-panel";
import { StatusReasonBanner } from "./status-reason-banner";
import { useProjectLive } from "./use-project-live";

function DetailSkeleton() {
  return (
    <div role="status" aria-label="Loading project" className="grid gap-6">
      <BackLink />
      <div className="grid gap-2">
        <Skeleton className="h-7 w-64" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <Skeleton className="h-16 rounded-xl" />
      <Skeleton className="h-72 rounded-xl" />
    </div>
  );
}

/** The URL keeps the open tab and task (`?tab=files&task=api`), without a server round trip. */
function useUrlState() {
  const params = useSearchParams();
  const pathname = usePathname();
  const set = React.useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(window.location.search);
      for (const [k, v] of Object.entries(changes)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      const query = next.toString();
      window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [pathname],
  );
  const tab = params.get("tab");
  return { task: params.get("task"), tab: (tab === "files" || tab === "cost" ? tab : "tasks") as ProjectTab, set };
}

export function ProjectDetail({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const project = useQuery(trpc.projects.get.queryOptions({ projectId }));
  const files = useQuery({ ...trpc.projects.files.queryOptions({ projectId }), enabled: project.data ? project.data.status !== "draft" : false });
  useProjectLive(projectId);
  const url = useUrlState();
  const setUrl = url.set;
  // Until someone picks a task, the panel shows the one that most needs attention.
  const [picked, setPicked] = React.useState<string | null | undefined>(undefined);
  const [followed, setFollowed] = React.useState<string | null>(null);

  const selectTask = React.useCallback(
    (key: string | null) => {
      setPicked(key);
      setUrl({ task: key, tab: null });
    },
    [setUrl],
  );

  if (project.isPending) return <DetailSkeleton />;
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
  const attention =
    p.tasks.find((t) => t.status === "waiting_for_human") ??
    p.tasks.find((t) => t.status === "running") ??
    p.tasks.find((t) => t.status === "failed") ??
    p.tasks.find((t) => t.status === "needs_attention");
  // Follow the task that needs attention; when the run ends, stay on the last one followed.
  if (attention && attention.key !== followed) setFollowed(attention.key);
  const selectedKey = picked !== undefined ? picked : (url.task ?? attention?.key ?? followed);

  return (
    <div>
      <BackLink />
      <ProjectHeader project={p} hasFiles={(files.data?.length ?? 0) > 0} />
      <div className="grid gap-6">
        {p.status !== "draft" && <GenericTemplateNotice plan={p.plan} />}
        <StatusReasonBanner project={p} />
        <QuestionsPanel projectId={projectId} questions={p.questions} tasks={p.tasks} onOpenTask={(key) => selectTask(key)} />
        {p.status === "draft" ? (
          p.plan ? (
            <PlanCard projectId={projectId} plan={p.plan} kind="new_project" status={p.status} />
          ) : (
            <EmptyState icon={ClipboardList} title="No plan yet" description="The planner hasn't proposed a plan for this project." data-testid="plan-missing" />
          )
        ) : (
          <>
            <PendingChange projectId={projectId} />
            <ProjectTabs
              project={p}
              tab={url.tab}
              onTabChange={(tab) => url.set({ tab: tab === "tasks" ? null : tab })}
              selectedKey={selectedKey}
              onSelectTask={selectTask}
            />
          </>
        )}
      </div>
    </div>
  );
}
