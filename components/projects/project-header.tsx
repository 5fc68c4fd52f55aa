"use client";

import Link from "next/link";
import { ArrowLeft, Coins, Cpu } from "lucide-react";
import { CommandApprovalSwitch } from "./command-approval-switch";
import { formatTokens, formatUsd } from "./format-usage";
import { LearnedRoutingSetting } from "./learned-routing-setting";
import { ModelOverridesSetting } from "./model-overrides-setting";
import { ProjectActions } from "./project-actions";
import { ProjectHousekeeping } from "./project-housekeeping";
import type { ProjectDetailData } from "./project-types";
import { ProjectStatusBadge } from "./project-status-badge";
import { StatusProgress } from "./status-progress";

export function BackLink() {
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

export function ProjectHeader({ project, hasFiles }: { project: ProjectDetailData; hasFiles: boolean }) {
  const total = project.tasks.length;
  const succeeded = project.tasks.filter((t) => t.status === "succeeded").length;
  return (
    <header className="grid gap-4 pb-6">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="grid min-w-0 flex-1 grid-cols-1 gap-1.5">
          <div className="flex min-w-0 items-center gap-2.5">
            <h1 className="min-w-0 truncate text-2xl font-semibold tracking-tight" data-testid="project-name" title={project.name}>
              {project.name}
            </h1>
            <ProjectStatusBadge status={project.status} />
          </div>
          <p className="max-w-3xl text-sm leading-relaxed text-muted-foreground [overflow-wrap:anywhere]" data-testid="project-goal">
            {project.goal}
          </p>
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-2">
          <ProjectActions projectId={project.id} status={project.status} hasFiles={hasFiles} />
          <ProjectHousekeeping projectId={project.id} name={project.name} status={project.status} archived={Boolean(project.archivedAt)} />
        </div>
      </div>
      {project.status === "draft" ? (
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          <CommandApprovalSwitch projectId={project.id} checked={project.settings.requireCommandApproval} />
          <LearnedRoutingSetting projectId={project.id} value={project.settings.learnedRouting} />
          <ModelOverridesSetting project={project} />
        </div>
      ) : (
        <div className="flex flex-col gap-3 rounded-xl border bg-card px-4 py-3 shadow-xs lg:flex-row lg:items-center lg:gap-6">
          <div className="grid min-w-48 flex-1 gap-1.5" data-testid="project-progress">
            <div className="flex justify-between text-xs text-muted-foreground">
              <span>Progress</span>
              <span className="tabular-nums">
                {succeeded} of {total} {total === 1 ? "task" : "tasks"} done
              </span>
            </div>
            <StatusProgress done={succeeded} total={total} status={project.status} label="Tasks done" />
          </div>
          <div className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm">
            <span className="flex items-center gap-1.5" title="Spent on agent runs so far" data-testid="project-cost">
              <Coins className="size-4 text-muted-foreground" aria-hidden />
              <span className="font-medium tabular-nums">{formatUsd(project.totals.costUsd)}</span>
              {project.plan && project.plan.totals.costUsd > 0 && <span className="text-muted-foreground">of ~{formatUsd(project.plan.totals.costUsd)}</span>}
            </span>
            <span className="flex items-center gap-1.5" data-testid="project-tokens">
              <Cpu className="size-4 text-muted-foreground" aria-hidden />
              <span className="font-medium tabular-nums">{formatTokens(project.totals.tokens)}</span>
              <span className="text-muted-foreground">tokens</span>
            </span>
            <CommandApprovalSwitch projectId={project.id} checked={project.settings.requireCommandApproval} />
            <LearnedRoutingSetting projectId={project.id} value={project.settings.learnedRouting} />
            <ModelOverridesSetting project={project} />
          </div>
        </div>
      )}
    </header>
  );
}
