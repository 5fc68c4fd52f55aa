import { CircleAlert, TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { ProjectDetailData } from "./project-types";

type TaskResult = { reason?: string } | null;

/**
 * A stopped project says which task stopped it and where to retry: failed tasks, and tasks that ended
 * without their acceptance criteria checked (needs attention, with the reason).
 */
export function FailedBanner({ project, onOpenTask }: { project: ProjectDetailData; onOpenTask: (key: string) => void }) {
  const failed = project.tasks.filter((t) => t.status === "failed");
  const attention = project.tasks.filter((t) => t.status === "needs_attention");
  return (
    <>
      {project.status === "failed" && failed.length > 0 && (
        <div role="alert" className="flex flex-wrap items-center gap-2 rounded-xl border border-destructive/40 bg-destructive/8 px-4 py-3 text-sm" data-testid="project-failed">
          <CircleAlert className="size-4 shrink-0 text-destructive" aria-hidden />
          <span className="font-medium">{failed.length === 1 ? "A task failed." : `${failed.length} tasks failed.`}</span>
          <span className="text-muted-foreground">Open it to see why, then retry to continue.</span>
          <TaskButtons tasks={failed} onOpenTask={onOpenTask} />
        </div>
      )}
      {attention.length > 0 && (
        <div role="alert" className="grid gap-2 rounded-xl border border-warning/60 bg-warning/10 px-4 py-3 text-sm" data-testid="project-needs-attention">
          <p className="flex flex-wrap items-center gap-2">
            <TriangleAlert className="size-4 shrink-0 text-warning-foreground dark:text-warning" aria-hidden />
            <span className="font-medium">{attention.length === 1 ? "A task needs your attention." : `${attention.length} tasks need your attention.`}</span>
            <span className="text-muted-foreground">Its acceptance criteria were not met or not checked, so nothing after it runs. Open it, then retry.</span>
          </p>
          <ul className="grid gap-1.5">
            {attention.map((t) => (
              <li key={t.id} className="flex flex-wrap items-start gap-2">
                <Button variant="outline" size="sm" className="h-7" onClick={() => onOpenTask(t.key)}>
                  {t.title}
                </Button>
                <span className="line-clamp-3 min-w-0 flex-1 pt-1 text-xs leading-relaxed text-muted-foreground [overflow-wrap:anywhere]" data-testid="attention-reason" title={(t.result as TaskResult)?.reason}>
                  {(t.result as TaskResult)?.reason}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

function TaskButtons({ tasks, onOpenTask }: { tasks: ProjectDetailData["tasks"]; onOpenTask: (key: string) => void }) {
  return (
    <span className="flex flex-wrap gap-2">
      {tasks.map((t) => (
        <Button key={t.id} variant="outline" size="sm" className="h-7" onClick={() => onOpenTask(t.key)}>
          {t.title}
        </Button>
      ))}
    </span>
  );
}
