"use client";

import { useQuery } from "@tanstack/react-query";
import { CheckCircle2, FolderKanban, PlayCircle } from "lucide-react";
import type { LucideIcon } from "lucide-react";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

function Stat({ label, value, hint, icon: Icon }: { label: string; value: string; hint: string; icon: LucideIcon }) {
  return (
    <Card className="flex items-start gap-4 p-4">
      <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-primary/10 text-primary">
        <Icon className="size-4.5" aria-hidden />
      </span>
      <div className="grid gap-0.5">
        <p className="text-sm text-muted-foreground">{label}</p>
        <p className="text-2xl font-semibold tabular-nums">{value}</p>
        <p className="text-xs text-muted-foreground">{hint}</p>
      </div>
    </Card>
  );
}

const ACTIVE = new Set(["planning", "running", "paused"]);

/** Headline numbers. Errors are shown once, by the project list below, so this stays quiet. */
export function ProjectStats() {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const projects = useQuery(trpc.projects.list.queryOptions({ orgId }));

  if (projects.isPending || projects.isError) {
    return (
      <div role="status" aria-label="Loading summary" className="grid gap-4 sm:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className={projects.isError ? "h-[106px] animate-none opacity-50" : "h-[106px]"} />
        ))}
      </div>
    );
  }
  const list = projects.data;
  const active = list.filter((p) => ACTIVE.has(p.status)).length;
  const completed = list.filter((p) => p.status === "completed").length;
  const tasks = list.reduce((acc, p) => ({ total: acc.total + p.tasks.total, done: acc.done + p.tasks.succeeded }), { total: 0, done: 0 });

  return (
    <div className="grid gap-4 sm:grid-cols-3" data-testid="project-stats">
      <Stat icon={FolderKanban} label="Projects" value={String(list.length)} hint={`${completed} completed`} />
      <Stat icon={PlayCircle} label="In progress" value={String(active)} hint="Planning, running or paused" />
      <Stat
        icon={CheckCircle2}
        label="Tasks done"
        value={tasks.total ? `${tasks.done}/${tasks.total}` : "0"}
        hint={tasks.total ? `${Math.round((tasks.done / tasks.total) * 100)}% of all tasks` : "No tasks planned yet"}
      />
    </div>
  );
}
