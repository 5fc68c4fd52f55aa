import dagre from "@dagrejs/dagre";

export const NODE_WIDTH = 208;
export const NODE_HEIGHT = 76;

type Layoutable = { key: string; dependsOn: string[] };

/** Left-to-right positions (top-left corners) for tasks, dependencies before dependents. */
export function layoutTasks(tasks: Layoutable[]): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 20, ranksep: 44, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const keys = new Set(tasks.map((t) => t.key));
  for (const t of tasks) g.setNode(t.key, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const t of tasks) for (const d of t.dependsOn) if (keys.has(d)) g.setEdge(d, t.key);
  dagre.layout(g);
  const positions = new Map<string, { x: number; y: number }>();
  for (const t of tasks) {
    const n = g.node(t.key);
    positions.set(t.key, { x: (n?.x ?? 0) - NODE_WIDTH / 2, y: (n?.y ?? 0) - NODE_HEIGHT / 2 });
  }
  return positions;
}

/** Changes only when tasks or dependencies change, not when statuses do: re-layout only then. */
export function graphShape(tasks: Layoutable[]): string {
  return tasks.map((t) => `${t.key}<${t.dependsOn.join(",")}`).join("|");
}
