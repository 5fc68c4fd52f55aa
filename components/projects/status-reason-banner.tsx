import Link from "next/link";
import { CirclePause } from "lucide-react";
import type { ProjectDetailData } from "./project-types";

/** A paused project says why, when something other than a person paused it (a budget): never a silent stop. */
export function StatusReasonBanner({ project }: { project: Pick<ProjectDetailData, "status" | "statusReason"> }) {
  if (project.status !== "paused" || !project.statusReason) return null;
  const budget = /budget/i.test(project.statusReason);
  return (
    <div role="alert" className="flex flex-wrap items-start gap-2 rounded-xl border border-warning/60 bg-warning/10 px-4 py-3 text-sm" data-testid="project-stopped-reason">
      <CirclePause className="mt-0.5 size-4 shrink-0 text-warning-foreground dark:text-warning" aria-hidden />
      <span className="min-w-0 flex-1 leading-relaxed [overflow-wrap:anywhere]">{project.statusReason}</span>
      {budget && (
        <Link href="/admin/budgets" className="font-medium text-primary underline-offset-2 hover:underline">
          Open Budgets
        </Link>
      )}
    </div>
  );
}
