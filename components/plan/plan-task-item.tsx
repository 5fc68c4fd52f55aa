"use client";

import * as React from "react";
import { ChevronRight, Clock, Coins, Cpu, GitBranch } from "lucide-react";
import type { CostedTask } from "@/lib/plan";
import { cn } from "@/lib/utils";
import { renderInline } from "@/components/chat/chat-markdown";
import { formatEstimate } from "@/lib/estimate";
import { formatTokens, formatUsd } from "./plan-format";
import { RoleBadge } from "./role-badge";

export function DependencyChips({ keys }: { keys: string[] }) {
  if (keys.length === 0) return <span className="text-muted-foreground">Starts right away</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <GitBranch className="size-3.5 text-muted-foreground" aria-hidden />
      <span className="sr-only">Depends on</span>
      <span aria-hidden>After</span>
      {keys.map((k) => (
        <code key={k} className="rounded-full border bg-background px-1.5 py-px font-mono text-[11px]" data-testid="plan-task-dep">
          {k}
        </code>
      ))}
    </span>
  );
}

export function TaskKey({ value }: { value: string }) {
  return <code className="shrink-0 rounded bg-muted px-1.5 py-0.5 font-mono text-[11px] text-muted-foreground">{value}</code>;
}

/** One task of a plan, read-only: the essentials in a line, description and criteria folded. */
export function PlanTaskItem({ task, offline }: { task: CostedTask; offline: boolean }) {
  const [open, setOpen] = React.useState(false);
  const detailsId = React.useId();
  return (
    <li data-testid="plan-task" data-key={task.key} className="grid gap-2 rounded-lg border bg-background/60 p-3">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1.5">
        <TaskKey value={task.key} />
        <p className="min-w-[10rem] flex-1 text-sm font-medium [overflow-wrap:anywhere]">{task.title}</p>
        <RoleBadge role={task.role} />
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted-foreground">
        <span className="inline-flex items-center gap-1" title="Estimated tokens">
          <Coins className="size-3.5" aria-hidden />
          {formatTokens(task.estimate.tokens)}
        </span>
        <span className="inline-flex items-center gap-1" title={offline ? "Estimated time on the offline demo model" : "Estimated time"}>
          <Clock className="size-3.5" aria-hidden />
          {formatEstimate(task.estimate.minutes, offline)}
        </span>
        <span className="inline-flex min-w-0 items-center gap-1" title={`Model (${task.tier} tier)`}>
          <Cpu className="size-3.5 shrink-0" aria-hidden />
          <span className="truncate">{task.model}</span>
        </span>
        <span className="font-medium text-foreground tabular-nums" title={offline ? "The offline demo model costs nothing" : "Estimated cost"}>
          {formatUsd(task.costUsd)}
        </span>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs">
        <DependencyChips keys={task.dependsOn} />
        <button
          type="button"
          aria-expanded={open}
          aria-controls={detailsId}
          onClick={() => setOpen((v) => !v)}
          className="inline-flex items-center gap-1 rounded-sm font-medium text-primary outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
          data-testid="plan-task-toggle"
        >
          <ChevronRight className={cn("size-3.5 transition-transform", open && "rotate-90")} aria-hidden />
          {open ? "Hide details" : "Details"}
        </button>
      </div>
      <div id={detailsId} hidden={!open} className="grid gap-2 border-t pt-2 text-sm">
        <p className="leading-relaxed whitespace-pre-wrap text-muted-foreground">{renderInline(task.description)}</p>
        <div className="grid gap-1">
          <p className="text-xs font-medium">Done when</p>
          <ul className="grid list-disc gap-0.5 pl-5 text-muted-foreground">
            {task.acceptanceCriteria.map((c, i) => (
              <li key={i}>{renderInline(c)}</li>
            ))}
          </ul>
        </div>
      </div>
    </li>
  );
}
