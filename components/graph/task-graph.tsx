"use client";

import "@xyflow/react/dist/style.css";
import * as React from "react";
import { Background, Controls, MarkerType, ReactFlow, ReactFlowProvider, useReactFlow, type Edge } from "@xyflow/react";
import { Move } from "lucide-react";
import { handBacks } from "@/lib/hand-backs";
import { useTheme } from "next-themes";
import { graphShape, layoutTasks, NODE_HEIGHT, NODE_WIDTH } from "./layout";
import { TaskNode, type TaskNodeType } from "./task-node";

export type GraphTask = { key: string; title: string; role: string; status: string; attempt: number; dependsOn: string[]; feedback?: { from: string; kind: string }[] };

// Labels never shrink below their CSS size (12-13 px): a graph wider than its box pans instead of zooming out.
const MIN_ZOOM = 1;
const PAD = 16;

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
  const { setViewport } = useReactFlow();
  const box = React.useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = React.useState(false);
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
    const returns: Edge[] = handBacks(tasks).map((h) => ({
      id: `back:${h.from}->${h.to}`,
      source: h.from,
      target: h.to,
      type: "smoothstep",
      focusable: false,
      label: h.count > 1 ? `handed back ×${h.count}` : "handed back",
      labelStyle: { fontSize: 12, fill: "var(--color-foreground)" },
      labelBgStyle: { fill: "var(--color-card)" },
      labelBgPadding: [4, 2] as [number, number],
      markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16, color: "var(--color-warning)" },
      style: { strokeWidth: 1.5, stroke: "var(--color-warning)", strokeDasharray: "6 4" },
      className: "hand-back-edge",
      data: { kind: "hand-back" },
    }));
    return [...returns, ...tasks.flatMap((t) =>
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
    )];
  }, [tasks]);

  // A new task (an agent asked another for help) changes the shape: place the graph again at full size,
  // centred when it fits, else from its first tasks (the rest is a drag or a scroll away).
  const place = React.useCallback(() => {
    const el = box.current;
    if (!el) return;
    const xs = [...positions.values()];
    const width = Math.max(0, ...xs.map((p) => p.x + NODE_WIDTH)) - Math.min(0, ...xs.map((p) => p.x));
    const over = width + 2 * PAD > el.clientWidth;
    setOverflows(over);
    const top = Math.max(0, (el.clientHeight - (Math.max(0, ...xs.map((p) => p.y + NODE_HEIGHT)) + PAD)) / 2);
    void setViewport({ x: over ? 0 : (el.clientWidth - width) / 2, y: top, zoom: MIN_ZOOM }, { duration: 150 });
  }, [positions, setViewport]);
  React.useEffect(() => {
    const t = setTimeout(place, 50);
    const el = box.current;
    const observer = el && typeof ResizeObserver !== "undefined" ? new ResizeObserver(() => place()) : null;
    if (el) observer?.observe(el);
    return () => {
      clearTimeout(t);
      observer?.disconnect();
    };
  }, [shape, place]);

  return (
    <div ref={box} data-testid="task-graph" data-overflows={overflows} className="relative w-full overflow-hidden rounded-xl border bg-card" style={{ height }}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        colorMode={resolvedTheme === "dark" ? "dark" : "light"}
        minZoom={MIN_ZOOM}
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
        <Controls showInteractive={false} showFitView={false} position="bottom-right" />
      </ReactFlow>
      {overflows && (
        <p className="pointer-events-none absolute bottom-2 left-3 flex items-center gap-1 rounded bg-card/90 px-1.5 py-0.5 text-xs text-muted-foreground">
          <Move className="size-3.5" aria-hidden />
          Drag to see all {tasks.length} tasks
        </p>
      )}
    </div>
  );
}
