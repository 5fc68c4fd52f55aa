import Link from "next/link";
import { formatDate } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { ProjectStatusBadge } from "./project-status-badge";
import { StatusProgress } from "./status-progress";

export type ProjectSummary = {
  id: string;
  name: string;
  goal: string;
  status: string;
  createdAt: Date;
  archivedAt?: Date | null;
  tasks: { total: number; succeeded: number };
};

export function ProjectCard({ project }: { project: ProjectSummary }) {
  const { total, succeeded } = project.tasks;
  return (
    <Link
      href={`/projects/${project.id}`}
      data-testid="project-card"
      data-status={project.status}
      className="group flex min-w-0 flex-col gap-3 rounded-xl border bg-card p-4 shadow-xs transition-colors outline-none hover:border-primary/40 hover:bg-accent/30 focus-visible:ring-2 focus-visible:ring-ring"
    >
      <div className="flex items-start justify-between gap-3">
        <h3 className="min-w-0 truncate font-medium group-hover:text-primary" title={project.name}>
          {project.name}
        </h3>
        <div className="flex shrink-0 items-center gap-1.5">
          {project.archivedAt && <Badge variant="muted">Archived</Badge>}
          <ProjectStatusBadge status={project.status} />
        </div>
      </div>
      <p className="line-clamp-2 min-h-10 text-sm text-muted-foreground [overflow-wrap:anywhere]">{project.goal}</p>
      <div className="mt-auto grid gap-1.5">
        <StatusProgress done={succeeded} total={total} status={project.status} label={`${project.name} progress`} />
        <div className="flex justify-between text-xs text-muted-foreground">
          <span className="tabular-nums">
            {total === 0 ? (project.status === "draft" ? "Plan waiting for approval" : "No tasks yet") : `${succeeded} of ${total} tasks done · ${Math.round((succeeded / total) * 100)}%`}
          </span>
          <span>{formatDate(project.createdAt)}</span>
        </div>
      </div>
    </Link>
  );
}
