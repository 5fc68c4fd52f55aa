"use client";

import Link from "next/link";
import { ArrowRight } from "lucide-react";
import { can } from "@/lib/rbac";
import { useTRPC } from "@/lib/trpc/react";
import { useLiveInvalidation } from "@/components/activity/use-live-invalidation";
import { ActivityFeed } from "@/components/activity/activity-feed";
import { useOrg } from "@/components/org/org-provider";
import { NewProjectDialog } from "@/components/projects/new-project-dialog";
import { ProjectList } from "@/components/projects/project-list";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ProjectStats } from "./project-stats";

export function Dashboard() {
  const { orgName, role } = useOrg();
  const trpc = useTRPC();
  useLiveInvalidation("project.", [trpc.projects.list.queryKey()]);
  return (
    <div>
      <PageHeader
        title="Dashboard"
        description={`What's happening in ${orgName}.`}
        actions={can(role, "projects:create") && <NewProjectDialog />}
      />
      <div className="grid grid-cols-1 gap-8">
        <ProjectStats />
        <div className="grid grid-cols-1 gap-8 xl:grid-cols-[minmax(0,1fr)_22rem]">
          <section aria-labelledby="recent-projects" className="grid min-w-0 content-start gap-3">
            <div className="flex items-center justify-between">
              <h2 id="recent-projects" className="text-base font-semibold">
                Recent projects
              </h2>
              <Button variant="ghost" size="sm" asChild>
                <Link href="/projects">
                  All projects
                  <ArrowRight />
                </Link>
              </Button>
            </div>
            <ProjectList limit={4} gridClassName="grid grid-cols-1 gap-4 sm:grid-cols-2" />
          </section>
          <Card className="h-fit min-w-0">
            <CardHeader>
              <CardTitle>Activity</CardTitle>
              <CardDescription className="line-clamp-2 [overflow-wrap:anywhere]" title={orgName}>
                Live across {orgName}
              </CardDescription>
            </CardHeader>
            <CardContent className="px-3">
              <ActivityFeed />
            </CardContent>
          </Card>
        </div>
      </div>
    </div>
  );
}
