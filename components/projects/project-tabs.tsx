"use client";

import { Tabs } from "radix-ui";
import { Coins, FolderTree, Workflow } from "lucide-react";
import { cn } from "@/lib/utils";
import { FilesTab } from "@/components/files/files-tab";
import { TaskGraph } from "@/components/graph/task-graph";
import { FailedBanner } from "./failed-banner";
import { ProjectCost } from "./project-cost";
import type { ProjectDetailData } from "./project-types";
import { TaskPanel, TaskPanelPlaceholder } from "./task-panel";

export type ProjectTab = "tasks" | "files" | "cost";

const trigger = cn(
  "inline-flex items-center gap-1.5 border-b-2 border-transparent px-1 pb-2 text-sm font-medium text-muted-foreground transition-colors outline-none",
  "hover:text-foreground focus-visible:rounded-sm focus-visible:ring-2 focus-visible:ring-ring data-[state=active]:border-primary data-[state=active]:text-foreground [&_svg]:size-4",
);

export function ProjectTabs({
  project,
  tab,
  onTabChange,
  selectedKey,
  onSelectTask,
}: {
  project: ProjectDetailData;
  tab: ProjectTab;
  onTabChange: (tab: ProjectTab) => void;
  selectedKey: string | null;
  onSelectTask: (key: string | null) => void;
}) {
  const selected = project.tasks.find((t) => t.key === selectedKey) ?? null;
  return (
    <Tabs.Root value={tab} onValueChange={(v) => onTabChange(v as ProjectTab)} className="grid gap-4">
      <Tabs.List className="flex gap-5 border-b" aria-label="Project views">
        <Tabs.Trigger value="tasks" className={trigger} data-testid="tasks-tab">
          <Workflow aria-hidden />
          Tasks <span className="text-xs font-normal text-muted-foreground tabular-nums">{project.tasks.length}</span>
        </Tabs.Trigger>
        <Tabs.Trigger value="files" className={trigger} data-testid="files-tab">
          <FolderTree aria-hidden />
          Files
        </Tabs.Trigger>
        <Tabs.Trigger value="cost" className={trigger} data-testid="cost-tab">
          <Coins aria-hidden />
          Cost
        </Tabs.Trigger>
      </Tabs.List>
      <Tabs.Content value="tasks" className="grid gap-4 outline-none">
        <FailedBanner project={project} onOpenTask={onSelectTask} />
        <TaskGraph tasks={project.tasks} selectedKey={selectedKey} onSelect={onSelectTask} />
        {selected ? (
          <TaskPanel projectId={project.id} task={selected} runs={project.runs} onClose={() => onSelectTask(null)} />
        ) : (
          <TaskPanelPlaceholder />
        )}
      </Tabs.Content>
      <Tabs.Content value="files" className="outline-none" data-testid="files-panel">
        <FilesTab projectId={project.id} />
      </Tabs.Content>
      <Tabs.Content value="cost" className="outline-none" data-testid="cost-panel">
        <ProjectCost projectId={project.id} />
      </Tabs.Content>
    </Tabs.Root>
  );
}
