"use client";

import "@xyflow/react/dist/style.css";
import * as React from "react";
import { Background, Controls, MarkerType, ReactFlow, ReactFlowProvider, useReactFlow, type Edge } from "@xyflow/react";
import { useTheme } from "next-themes";
import { graphShape, layoutTasks, NODE_HEIGHT, NODE_WIDTH } from "./layout";
import { TaskNode, type TaskNodeType } from "./task-node";

export type GraphTask = { key: string; title: string; role: string; status: string; attempt: number; dependsOn: string[] };

const nodeTypes = { task: TaskNode };
const ACTIVE = new Set(["queued", "running"]);

/** The plan's tasks as a left-to-right DAG; statuses recolour nodes in place without re-layout. */
export function TaskGraph(props: { tasks: GraphTask[]; selectedKey: string | null; onSelect: (key: string) => void }) {
  return (
    <ReactFlowProvider>
      <Graph {...props} />
    </ReactFlowProvider>
  );
}

function Graph({ tasks, selectedKey, onSelect }: { tasks: GraphTask[]; selectedKey: string | null; onSelect: (key: string) => void }) {
  const { resolvedTheme } = useTheme();
  const { fitView } = useReactFlow();
  const shape = graphShape(tasks);
  const structure = React.useMemo(
    () => shape.split("|").filter(Boolean).map((part) => {
      const [key, deps = ""] = part.split("<");
      return { key: key!, dependsOn: deps.split(",").filter(Boolean) };
    }),
    [shape],
  );
  const positions = React.useMemo(() => layoutTasks(structure), [structure]);
  const height = React.useMemo(() => {
    const bottom = Math.max(0, ...[...positions.values()].map((p) => p.y + NODE_HEIGHT));
    return Math.min(520, Math.max(190, bottom + 56));
  }, [positions]);

  const nodes = React.useMemo<TaskNodeType[]>(
    () =>
      tasks.map((t) => ({
        id: t.key,
        type: "task",
        position: positions.get(t.key) ?? { x: 0, y: 0 },
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        draggable: false,
        selectable: false,
        focusable: false,
        // Not selectable or draggable, so React Flow would let clicks fall through to the pane.
        style: { pointerEvents: "all" },
        data: { taskKey: t.key, title: t.title, role: t.role, status: t.status, attempt: t.attempt, selected: t.key === selectedKey, onSelect },
      })),
    [tasks, positions, selectedKey, onSelect],
  );

  const edges = React.useMemo<Edge[]>(() => {
    const status = new Map(tasks.map((t) => [t.key, t.status]));
    return tasks.flatMap((t) =>
      t.dependsOn
        .filter((d) => status.has(d))
        .map((d) => {
          const live = ACTIVE.has(t.status);
          const done = status.get(d) === "succeeded";
          return {
            id: `${d}->${t.key}`,
            source: d,
            target: t.key,
            animated: live,
            focusable: false,
            markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
            style: { strokeWidth: 1.5, stroke: live ? "var(--color-info)" : done ? "var(--color-success)" : "var(--color-muted-foreground)", opacity: done || live ? 0.9 : 0.5 },
          } satisfies Edge;
        }),
    );
  }, [tasks]);

  // A new task (an agent asked another for help) changes the shape: show the whole graph again.
  React.useEffect(() => {
    const t = setTimeout(() => void fitView({ padding: 0.15, maxZoom: 1, minZoom: 0.55, duration: 200 }), 50);
    return () => clearTimeout(t);
  }, [shape, fitView]);

  return (
    <div data-testid="task-graph" className="w-full overflow-hidden rounded-xl border bg-card" style={{ height }}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        colorMode={resolvedTheme === "dark" ? "dark" : "light"}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1, minZoom: 0.55 }}
        minZoom={0.2}
        maxZoom={1.75}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        zoomOnScroll={false}
        preventScrolling={false}
        zoomOnDoubleClick={false}
        style={{ background: "transparent" }}
        aria-label="Task graph"
      >
        <Background gap={18} size={1} className="opacity-60" />
        <Controls showInteractive={false} position="bottom-right" />
      </ReactFlow>
    </div>
  );
}
