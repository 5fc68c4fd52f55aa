"use client";

import * as React from "react";
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { roleLabel } from "@/components/agents/role-label";
import { taskStatusStyle } from "@/components/projects/task-status";
import { cn } from "@/lib/utils";
import { NODE_HEIGHT, NODE_WIDTH } from "./layout";

export type TaskNodeData = {
  taskKey: string;
  title: string;
  role: string;
  status: string;
  attempt: number;
  selected: boolean;
  onSelect: (key: string) => void;
};
export type TaskNodeType = Node<TaskNodeData, "task">;

const hiddenHandle = "!size-1.5 !min-h-0 !min-w-0 !border-0 !bg-transparent";

export const TaskNode = React.memo(function TaskNode({ data }: NodeProps<TaskNodeType>) {
  const s = taskStatusStyle(data.status);
  const Icon = s.icon;
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} className={hiddenHandle} />
      <button
        type="button"
        data-testid="task-node"
        data-key={data.taskKey}
        data-status={data.status}
        aria-pressed={data.selected}
        title={data.title}
        aria-label={`${data.title} (${roleLabel(data.role)}): ${s.label}`}
        onClick={() => data.onSelect(data.taskKey)}
        style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}
        className={cn(
          "relative flex items-center gap-2 rounded-lg border-2 px-2.5 text-left shadow-xs transition-colors outline-none",
          "focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background",
          s.node,
          data.selected && "ring-2 ring-primary ring-offset-2 ring-offset-background",
        )}
      >
        {s.active && <span aria-hidden className="pointer-events-none absolute -inset-1 animate-pulse rounded-xl border-2 border-info/40" />}
        <Icon className={cn("size-4 shrink-0", s.text, data.status === "running" && "animate-spin")} aria-hidden />
        <span className="grid min-w-0 gap-0.5">
          <span className="line-clamp-2 text-[13px] leading-snug font-medium text-card-foreground">{data.title}</span>
          <span className="flex items-center gap-1.5 text-xs text-muted-foreground">
            <span className="truncate">{roleLabel(data.role)}</span>
            {data.attempt > 1 && <span className="shrink-0">· try {data.attempt}</span>}
          </span>
        </span>
      </button>
      <Handle type="source" position={Position.Right} isConnectable={false} className={hiddenHandle} />
    </>
  );
});
