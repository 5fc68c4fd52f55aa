"use client";

import * as React from "react";
import { Ban, Bot, Check, ChevronRight, CircleAlert, Clock, FoldVertical, GitCommitHorizontal, Hand, MessageCircleQuestion, MessageSquareReply, OctagonX, ShieldCheck, ShieldX, Terminal, TriangleAlert, WandSparkles, Wrench, X } from "lucide-react";
import { formatMs, formatTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import { renderInline } from "@/components/chat/chat-markdown";
import { roleLabel } from "@/components/agents/role-label";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { DiffDialog } from "@/components/files/diff-dialog";
import { commitTitle } from "@/components/files/commit-list";
import { taskStatusStyle } from "@/components/projects/task-status";
import type { TimelineItem as Item } from "./build-timeline";
import { contextSentence, stoppedTitle } from "./coping-text";
import { HandoffCallout } from "./handoff-callout";
import { readableReason } from "@/lib/role-names";
import { commandOutcome, formatArguments, toolSummary } from "./tool-summary";
import { UsageMeta } from "./usage-meta";

const pre = "max-h-72 overflow-auto rounded-md border bg-muted/50 p-2.5 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words";

export function TimelineItem({ item, projectId }: { item: Item; projectId: string }) {
  return (
    <li data-testid="timeline-item" data-type={item.type} className="min-w-0 animate-in">
      <Body item={item} projectId={projectId} />
    </li>
  );
}

function Body({ item, projectId }: { item: Item; projectId: string }) {
  switch (item.type) {
    case "text":
      return (
        <div className="flex gap-2.5">
          <Bot className="mt-0.5 size-4 shrink-0 text-primary" aria-hidden />
          <div className="grid min-w-0 flex-1 gap-1">
            <div className="flex items-baseline justify-between gap-2">
              <span className="text-xs font-medium">{roleLabel(item.role)}</span>
              <UsageMeta projectId={projectId} step={item.step} usage={item.usage} />
            </div>
            <p className="text-sm leading-relaxed whitespace-pre-wrap [overflow-wrap:anywhere]">{renderInline(item.text)}</p>
          </div>
        </div>
      );
    case "tool_call":
      return <ToolCall item={item} projectId={projectId} />;
    case "handoff":
      return <HandoffCallout kind={item.kind} from={item.from} to={item.to} reason={item.reason} />;
    case "status":
      return <StatusLine item={item} />;
    case "commit":
      return <CommitLine item={item} projectId={projectId} />;
    case "question":
      return (
        <div className="flex gap-2.5 rounded-lg border border-warning/50 bg-warning/8 px-3 py-2">
          <MessageCircleQuestion className="mt-0.5 size-4 shrink-0 text-warning-foreground dark:text-warning" aria-hidden />
          <div className="grid min-w-0 gap-0.5 text-sm">
            <p className="font-medium">{item.kind === "command_approval" ? `${roleLabel(item.role)} wants to run a command` : `${roleLabel(item.role)} asked`}</p>
            <p className={cn("whitespace-pre-wrap [overflow-wrap:anywhere]", item.kind === "command_approval" && "font-mono text-xs")}>{item.text}</p>
          </div>
        </div>
      );
    case "answer":
      if (item.decision) {
        const Icon = item.decision === "approved" ? ShieldCheck : ShieldX;
        return (
          <div className="flex gap-2.5 px-1 text-sm" data-testid="command-decision" data-decision={item.decision}>
            <Icon className={cn("mt-0.5 size-4 shrink-0", item.decision === "approved" ? "text-success" : "text-warning-foreground dark:text-warning")} aria-hidden />
            <p className="min-w-0 whitespace-pre-wrap [overflow-wrap:anywhere]">
              <span className="font-medium">
                {item.by || "Someone"} {item.decision} <code className="font-mono text-xs">{item.command}</code>
              </span>
              {item.decision === "denied" && `: ${item.answer}`}
            </p>
          </div>
        );
      }
      return (
        <div className="flex gap-2.5 px-1 text-sm">
          <MessageSquareReply className="mt-0.5 size-4 shrink-0 text-success" aria-hidden />
          <p className="min-w-0 break-words whitespace-pre-wrap">
            <span className="font-medium">{item.by || "Someone"} answered:</span> {item.answer}
          </p>
        </div>
      );
    case "expired":
      return (
        <div className="flex gap-2.5 px-1 text-xs text-muted-foreground">
          <Clock className="mt-0.5 size-3.5 shrink-0" aria-hidden />
          <p className="min-w-0 [overflow-wrap:anywhere]">
            {item.kind === "command_approval" ? "The approval request expired" : "The question expired"}: {item.reason}.
          </p>
        </div>
      );
    case "repair":
      return (
        <div className="flex gap-2.5 px-1 text-xs text-muted-foreground" data-testid="agent-repair" data-kind={item.kind}>
          <WandSparkles className="mt-0.5 size-3.5 shrink-0 text-info" aria-hidden />
          <p className="min-w-0 [overflow-wrap:anywhere]">{item.detail}</p>
        </div>
      );
    case "warning":
      return (
        <div className="flex gap-2.5 rounded-lg border border-warning/50 bg-warning/8 px-3 py-2 text-sm" data-testid="agent-warning" data-kind={item.kind}>
          <TriangleAlert className="mt-0.5 size-4 shrink-0 text-warning-foreground dark:text-warning" aria-hidden />
          <div className="grid min-w-0 gap-0.5">
            <p className="font-medium">The agent was warned</p>
            <p className="[overflow-wrap:anywhere]">{item.message}</p>
          </div>
        </div>
      );
    case "stopped":
      return (
        <div className="flex gap-2.5 rounded-lg border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm" data-testid="agent-stopped" data-kind={item.kind}>
          <OctagonX className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />
          <div className="grid min-w-0 gap-0.5">
            <p className="font-medium">{stoppedTitle(item.kind, item.asked)}</p>
            <p className="[overflow-wrap:anywhere]">{item.message}</p>
          </div>
        </div>
      );
    case "context":
      return (
        <details className="group px-1 text-xs text-muted-foreground" data-testid="agent-context">
          <summary className="flex cursor-pointer list-none items-center gap-2.5 [&::-webkit-details-marker]:hidden">
            <FoldVertical className="size-3.5 shrink-0" aria-hidden />
            <span className="min-w-0 flex-1 [overflow-wrap:anywhere]">{contextSentence(item)}</span>
          </summary>
          {item.summary && <pre className={cn(pre, "mt-1.5")}>{item.summary}</pre>}
        </details>
      );
    case "llm_call":
      return (
        <div className="flex items-center gap-2.5 px-1 text-xs text-muted-foreground">
          {item.usage.status === "succeeded" || item.usage.status === "ok" ? (
            <Bot className="size-4 shrink-0" aria-hidden />
          ) : (
            <CircleAlert className="size-4 shrink-0 text-destructive" aria-hidden />
          )}
          <span className="min-w-0 flex-1 truncate">
            Model call {item.usage.status}
            {item.usage.error ? `: ${item.usage.error}` : ""}
          </span>
          <UsageMeta projectId={projectId} usage={item.usage} />
        </div>
      );
  }
}

function ToolCall({ item, projectId }: { item: Extract<Item, { type: "tool_call" }>; projectId: string }) {
  const summary = toolSummary(item.tool, item.input);
  const outcome = item.tool === "run_command" && item.result ? commandOutcome(item.result.output) : null;
  const args = formatArguments(item.input);
  const Icon = item.tool === "run_command" ? Terminal : Wrench;
  return (
    <details className="group rounded-lg border bg-card" data-tool={item.tool} data-ok={item.result ? String(item.result.ok) : undefined}>
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-lg px-2.5 py-1.5 text-sm outline-none select-none hover:bg-accent/50 focus-visible:ring-2 focus-visible:ring-ring [&::-webkit-details-marker]:hidden">
        <ChevronRight className="size-3.5 shrink-0 text-muted-foreground transition-transform group-open:rotate-90" aria-hidden />
        <Icon className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />
        <span className="shrink-0 font-mono text-xs font-medium">{item.tool}</span>
        <span className="min-w-0 flex-1 truncate font-mono text-xs text-muted-foreground" data-testid="tool-summary">
          {summary}
        </span>
        <ResultMark item={item} outcome={outcome} />
        <UsageMeta projectId={projectId} step={item.step} usage={item.usage} toolMs={item.result?.durationMs} className="hidden sm:inline" />
      </summary>
      <div className="grid gap-2 border-t px-2.5 py-2">
        <UsageMeta projectId={projectId} step={item.step} usage={item.usage} toolMs={item.result?.durationMs} className="sm:hidden" />
        {(args.fields || args.content !== undefined) && (
          <div className="grid gap-1">
            <p className="text-[11px] font-medium tracking-wide text-muted-foreground uppercase">Arguments</p>
            {args.fields && <pre className={pre}>{args.fields}</pre>}
            {args.content !== undefined && <pre className={pre}>{args.content || "(empty)"}</pre>}
          </div>
        )}
        {item.result ? (
          <div className="grid gap-1">
            <p className="text-[11px] font-medium tracking-wide text-muted-foreground uppercase">
              Result · {formatMs(item.result.durationMs)}
            </p>
            <pre className={cn(pre, !item.result.ok && "border-destructive/40 bg-destructive/5")}>{item.result.output || "(no output)"}</pre>
          </div>
        ) : (
          <p className="text-xs text-muted-foreground">
            {item.awaiting === "approval" ? "Not run yet: waiting for a person to approve or deny it." : item.awaiting === "expired" ? "Not run: the approval request expired." : "Running…"}
          </p>
        )}
      </div>
    </details>
  );
}

function ResultMark({ item, outcome }: { item: Extract<Item, { type: "tool_call" }>; outcome: string | null }) {
  if (!item.result && item.awaiting === "approval") {
    return (
      <span className="inline-flex shrink-0 items-center gap-1 text-xs text-warning-foreground dark:text-warning" data-testid="tool-outcome" data-awaiting="approval">
        <Hand className="size-3.5" aria-hidden /> Waiting for approval
      </span>
    );
  }
  if (!item.result && item.awaiting === "expired") {
    return (
      <span className="inline-flex shrink-0 items-center gap-1 text-xs text-muted-foreground" data-testid="tool-outcome">
        <Ban className="size-3.5" aria-hidden /> Not run
      </span>
    );
  }
  if (!item.result) return <Spinner className="size-3.5 text-info" label="Running" />;
  return (
    <span
      className={cn("inline-flex shrink-0 items-center gap-0.5 font-mono text-xs", item.result.ok ? "text-success" : "text-destructive")}
      aria-label={item.result.ok ? "succeeded" : "failed"}
      data-testid="tool-outcome"
    >
      {item.result.ok ? <Check className="size-3.5" aria-hidden /> : <X className="size-3.5" aria-hidden />}
      {outcome}
    </span>
  );
}

function StatusLine({ item }: { item: Extract<Item, { type: "status" }> }) {
  const s = taskStatusStyle(item.status);
  const Icon = s.icon;
  const returned = item.reason?.match(/^Returned by (\S+)/);
  if (returned) {
    return <HandoffCallout kind="return" from={returned[1]!} to="" direction="incoming" reason={`${roleLabel(returned[1])} found a problem and sent the work back; this task runs again with that feedback.`} />;
  }
  return (
    <div className="flex items-center gap-2 px-1 text-xs text-muted-foreground">
      <Icon className={cn("size-3.5 shrink-0", s.text)} aria-hidden />
      <span className="line-clamp-3 min-w-0 [overflow-wrap:anywhere]" title={item.reason && readableReason(item.reason)}>
        <span className={cn("font-medium", s.text)}>{s.label}</span>
        {item.status === "queued" && item.attempt > 1 && ` (attempt ${item.attempt})`}
        {item.reason && ` · ${readableReason(item.reason)}`}
      </span>
      <span className="ml-auto shrink-0 tabular-nums">{formatTime(item.at)}</span>
    </div>
  );
}

function CommitLine({ item, projectId }: { item: Extract<Item, { type: "commit" }>; projectId: string }) {
  const [open, setOpen] = React.useState(false);
  return (
    <div className="flex items-center gap-2.5 rounded-lg border border-dashed px-2.5 py-1.5 text-sm">
      <GitCommitHorizontal className="size-4 shrink-0 text-primary" aria-hidden />
      <span className="min-w-0 flex-1 truncate">
        Committed <span className="font-mono text-xs">{item.sha.slice(0, 7)}</span> · {item.files.length} {item.files.length === 1 ? "file" : "files"}
        <span className="text-muted-foreground"> · {commitTitle(item.message)}</span>
      </span>
      <Button variant="link" size="sm" className="h-auto shrink-0 p-0" onClick={() => setOpen(true)} data-testid="view-diff">
        View diff
      </Button>
      <DiffDialog projectId={projectId} sha={item.sha} title={commitTitle(item.message)} open={open} onOpenChange={setOpen} />
    </div>
  );
}
