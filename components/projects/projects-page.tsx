"use client";

import { can } from "@/lib/rbac";
import { useOrg } from "@/components/org/org-provider";
import { PageHeader } from "@/components/ui/page-header";
import { NewProjectDialog } from "./new-project-dialog";
import { ProjectList } from "./project-list";

export function ProjectsPage() {
  const { orgName, role } = useOrg();
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
