"use client";

import { can } from "@/lib/rbac";
import { useTRPC } from "@/lib/trpc/react";
import { useLiveInvalidation } from "@/components/activity/use-live-invalidation";
import { useOrg } from "@/components/org/org-provider";
import { PageHeader } from "@/components/ui/page-header";
import { NewProjectDialog } from "./new-project-dialog";
import { ProjectList } from "./project-list";

export function ProjectsPage() {
  const { orgName, role } = useOrg();
  const trpc = useTRPC();
  useLiveInvalidation("project.", [trpc.projects.list.queryKey()]);
  return (
    <div>
      <PageHeader
        title="Projects"
        description={`Everything the agents of ${orgName} are building.`}
        actions={can(role, "projects:create") && <NewProjectDialog />}
      />
      <ProjectList />
    </div>
  );
}
