// A hand-back ("return"): an agent sent work back to an earlier task's role with a reason. The server
// records it on the earlier task as feedback `{ from: <role>, kind: "return" }`; the graph draws it as an
// edge from the task that sent it to the one that got it back.

type GraphTask = { key: string; role: string; dependsOn: string[]; feedback?: { from: string; kind: string }[] };

export type HandBack = { from: string; to: string; count: number };

/** The nearest task of `role` that waits (directly or not) for `key`: the one that handed `key` back. */
function senderOf(tasks: GraphTask[], key: string, role: string): GraphTask | undefined {
  const dependents = (k: string) => tasks.filter((t) => t.dependsOn.includes(k));
  const seen = new Set<string>();
  for (let frontier = dependents(key); frontier.length; ) {
    const hit = frontier.find((t) => t.role === role);
    if (hit) return hit;
    frontier.forEach((t) => seen.add(t.key));
    frontier = frontier.flatMap((t) => dependents(t.key)).filter((t) => !seen.has(t.key));
  }
  return undefined;
}

/** One edge per (sender, receiver) pair, with how many times the work went back. */
export function handBacks(tasks: GraphTask[]): HandBack[] {
  const edges = new Map<string, HandBack>();
  for (const t of tasks) {
    for (const f of t.feedback ?? []) {
      if (f.kind !== "return") continue;
      const sender = senderOf(tasks, t.key, f.from);
      if (!sender) continue;
      const id = `${sender.key}->${t.key}`;
      const edge = edges.get(id) ?? { from: sender.key, to: t.key, count: 0 };
      edge.count++;
      edges.set(id, edge);
    }
  }
  return [...edges.values()];
}
