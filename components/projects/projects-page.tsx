"use client";

import * as React from "react";
import { can } from "@/lib/rbac";
import { useOrg } from "@/components/org/org-provider";
import { PageHeader } from "@/components/ui/page-header";
import { NewProjectDialog } from "./new-project-dialog";
import { NO_FILTERS, ProjectFilters } from "./project-filters";
import { ProjectList } from "./project-list";

export function ProjectsPage() {
  const { orgName, role } = useOrg();
  const [filter, setFilter] = React.useState(NO_FILTERS);
  return (
    <div>
      <PageHeader
        title="Projects"
        description={`Everything the agents of ${orgName} are building.`}
        actions={can(role, "projects:create") && <NewProjectDialog />}
      />
      <ProjectFilters value={filter} onChange={setFilter} />
      <ProjectList filter={filter} onClearFilters={() => setFilter(NO_FILTERS)} />
    </div>
  );
}
