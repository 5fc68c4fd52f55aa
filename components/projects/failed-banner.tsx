import { CircleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { ProjectDetailData } from "./project-types";

/** A failed project says which task stopped it and where to retry. */
export function FailedBanner({ project, onOpenTask }: { project: ProjectDetailData; onOpenTask: (key: string) => void }) {
  const failed = project.tasks.filter((t) => t.status === "failed");
  if (project.status !== "failed" || failed.length === 0) return null;
  return (
    <div role="alert" className="flex flex-wrap items-center gap-2 rounded-xl border border-destructive/40 bg-destructive/8 px-4 py-3 text-sm" data-testid="project-failed">
      <CircleAlert className="size-4 shrink-0 text-destructive" aria-hidden />
      <span className="font-medium">{failed.length === 1 ? "A task failed." : `${failed.length} tasks failed.`}</span>
      <span className="text-muted-foreground">Open it to see why, then retry to continue.</span>
      <span className="flex flex-wrap gap-2">
        {failed.map((t) => (
          <Button key={t.id} variant="outline" size="sm" className="h-7" onClick={() => onOpenTask(t.key)}>
            {t.title}
          </Button>
        ))}
      </span>
    </div>
  );
}
