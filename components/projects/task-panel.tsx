"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, CircleAlert, CircleX, GitCommitHorizontal, MousePointerClick, RotateCcw, TriangleAlert, X } from "lucide-react";
import { toast } from "sonner";
import { can } from "@/lib/rbac";
import { errorMessage } from "@/lib/format";
import { cn } from "@/lib/utils";
import { renderInline } from "@/components/chat/chat-markdown";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { DiffDialog } from "@/components/files/diff-dialog";
import { RoleBadge } from "@/components/plan/role-badge";
import { TaskTimeline } from "@/components/timeline/task-timeline";
import { formatTokens, formatUsd } from "./format-usage";
import type { ProjectRun, ProjectTask } from "./project-types";
import { RETRYABLE, taskStatusStyle } from "./task-status";
import { TaskStatusBadge } from "./task-status-badge";

export function TaskPanelPlaceholder() {
  return (
    <EmptyState
      icon={MousePointerClick}
      title="Select a task"
      description="Click a task in the graph to see its brief and every step its agent takes, live."
      data-testid="task-panel-empty"
    />
  );
}

export function TaskPanel({
  projectId,
  task,
  runs,
  onClose,
}: {
  projectId: string;
  task: ProjectTask;
  runs: ProjectRun[];
  onClose: () => void;
}) {
  const { role } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [diffOpen, setDiffOpen] = React.useState(false);
  const retry = useMutation(
    trpc.projects.retryTask.mutationOptions({
      onSuccess: () => {
        toast.success(`Retrying “${task.title}”`);
        void queryClient.invalidateQueries({ queryKey: trpc.projects.get.queryKey({ projectId }) });
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const mine = runs.filter((r) => r.taskId === task.id);
  const spent = mine.reduce((acc, r) => ({ tokens: acc.tokens + r.tokensIn + r.tokensOut, costUsd: acc.costUsd + r.costUsd }), { tokens: 0, costUsd: 0 });
  const commit = task.result?.commit ?? null;
  const result = task.result as TaskResult | null;

  return (
    <section
      aria-labelledby="task-panel-title"
      data-testid="task-panel"
      data-key={task.key}
      data-status={task.status}
      className="grid gap-4 rounded-xl border bg-card p-4 shadow-xs sm:p-5"
    >
      <header className="flex flex-wrap items-start gap-3">
        <div className="grid min-w-0 flex-1 gap-1.5">
          <h2 id="task-panel-title" className="text-lg leading-tight font-semibold">
            {task.title}
          </h2>
          <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
            <RoleBadge role={task.role} />
            <TaskStatusBadge status={task.status} />
            <span className="font-mono">{task.key}</span>
            {task.attempt > 0 && <span>Attempt {task.attempt}</span>}
            {mine.length > 0 && (
              <span>
                {mine.length} {mine.length === 1 ? "run" : "runs"} · {formatTokens(spent.tokens)} tokens · {formatUsd(spent.costUsd)}
              </span>
            )}
          </div>
        </div>
        <div className="flex shrink-0 items-center gap-2">
          {RETRYABLE.has(task.status) && can(role, "tasks:run") && (
            <Button size="sm" onClick={() => retry.mutate({ projectId, taskId: task.id })} loading={retry.isPending} data-testid="task-retry">
              {!retry.isPending && <RotateCcw />}
              Retry
            </Button>
          )}
          <Button variant="ghost" size="icon-sm" onClick={onClose} aria-label="Close task">
            <X />
          </Button>
        </div>
      </header>

      <div className="grid gap-5 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        <div className="grid min-w-0 content-start gap-4 text-sm [overflow-wrap:anywhere]">
          {task.result?.error && (
            <div role="alert" className="flex gap-2 rounded-lg border border-destructive/40 bg-destructive/8 p-3" data-testid="task-error">
              <CircleAlert className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />
              <p className="min-w-0 break-words whitespace-pre-wrap">{task.result.error}</p>
            </div>
          )}
          {task.status === "needs_attention" && <AttentionCallout result={result} />}
          {task.result?.summary && task.status === "succeeded" && (
            <div className="grid min-w-0 gap-2 rounded-lg border border-success/40 bg-success/8 p-3" data-testid="task-summary">
              <p className="flex items-center gap-1.5 font-medium">
                <CheckCircle2 className="size-4 text-success" aria-hidden />
                Done
              </p>
              <p className="min-w-0 leading-relaxed whitespace-pre-wrap [overflow-wrap:anywhere]">{renderInline(task.result.summary)}</p>
              {commit && (
                <Button variant="outline" size="sm" className="w-fit" onClick={() => setDiffOpen(true)} data-testid="task-diff">
                  <GitCommitHorizontal />
                  View changes <span className="font-mono text-xs text-muted-foreground">{commit.slice(0, 7)}</span>
                </Button>
              )}
            </div>
          )}
          <div className="grid gap-1">
            <h3 className="text-xs font-medium tracking-wide text-muted-foreground uppercase">Brief</h3>
            <p className="leading-relaxed whitespace-pre-wrap">{renderInline(task.description)}</p>
          </div>
          {task.acceptanceCriteria.length > 0 && (
            <div className="grid gap-1.5">
              <h3 className="text-xs font-medium tracking-wide text-muted-foreground uppercase">Acceptance criteria</h3>
              <ul className="grid gap-1.5">
                {task.acceptanceCriteria.map((c, i) => {
                  // The verdict the server checked when the agent finished (met, with the command that shows it).
                  const v = ["succeeded", "needs_attention"].includes(task.status) ? result?.criteria?.find((x) => x.criterion === c) : undefined;
                  const Icon = v && !v.met ? CircleX : CheckCircle2;
                  return (
                    <li key={i} className="flex gap-2" data-testid="criterion" data-met={v ? String(v.met) : undefined}>
                      <Icon className={cn("mt-0.5 size-4 shrink-0", v ? (v.met ? "text-success" : "text-warning-foreground dark:text-warning") : "text-muted-foreground/50")} aria-hidden />
                      <span className="grid gap-0.5 leading-relaxed">
                        {renderInline(c)}
                        {v?.evidence && (
                          <span className="line-clamp-2 font-mono text-xs break-all text-muted-foreground" title={v.evidence}>
                            {v.met ? `✓ ${v.evidence}` : v.evidence}
                          </span>
                        )}
                      </span>
                    </li>
                  );
                })}
              </ul>
            </div>
          )}
          {task.dependsOn.length > 0 && (
            <p className="text-xs text-muted-foreground">
              After: <span className="font-mono">{task.dependsOn.join(", ")}</span>
            </p>
          )}
        </div>
        <div className="grid min-w-0 grid-cols-1 content-start gap-2">
          <h3 className="text-xs font-medium tracking-wide text-muted-foreground uppercase">Steps</h3>
          <TaskTimeline key={task.id} projectId={projectId} taskId={task.id} taskKey={task.key} active={taskStatusStyle(task.status).active} />
        </div>
      </div>
      {commit && <DiffDialog projectId={projectId} sha={commit} title={task.title} open={diffOpen} onOpenChange={setDiffOpen} />}
    </section>
  );
}

type TaskResult = { summary?: string; reason?: string; criteria?: { criterion: string; met: boolean; evidence: string | null }[] };

/** Why a finished task is not a success: the unmet or unchecked criteria, and what the agent said. */
function AttentionCallout({ result }: { result: TaskResult | null }) {
  return (
    <div role="alert" className="grid min-w-0 gap-2 rounded-lg border border-warning/60 bg-warning/10 p-3 [overflow-wrap:anywhere]" data-testid="task-attention">
      <p className="flex items-center gap-1.5 font-medium">
        <TriangleAlert className="size-4 text-warning-foreground dark:text-warning" aria-hidden />
        Needs attention — not marked as done
      </p>
      {result?.reason && <p className="leading-relaxed whitespace-pre-wrap">{renderInline(result.reason)}</p>}
      {result?.summary && (
        <p className="line-clamp-6 border-l-2 border-warning/50 pl-2 text-xs leading-relaxed whitespace-pre-wrap text-muted-foreground" title={result.summary}>
          <span className="font-medium">The agent said:</span> {renderInline(result.summary)}
        </p>
      )}
      <p className="text-xs text-muted-foreground">Retry the task (after changing its brief or model if needed); tasks after it wait until it succeeds.</p>
    </div>
  );
}
