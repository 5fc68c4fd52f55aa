import { TaskKey } from "./plan";

// What a person may do to a proposed plan before approving it, checked the same way in the browser (to
// show) and on the server (to refuse): known keys, roles from the team, dependencies without cycles.

type EditableTask = { key: string; title: string; role: string; dependsOn: string[] };

/** The task graph's loop, as keys in order ("a → b → a"), or null when there is none. */
export function findCycle(tasks: Pick<EditableTask, "key" | "dependsOn">[]): string[] | null {
  const byKey = new Map(tasks.map((t) => [t.key, t]));
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (key: string): string[] | null => {
    if (state.get(key) === "done") return null;
    if (state.get(key) === "visiting") return [...path.slice(path.indexOf(key)), key];
    state.set(key, "visiting");
    path.push(key);
    for (const d of byKey.get(key)?.dependsOn ?? []) {
      if (!byKey.has(d)) continue;
      const loop = visit(d);
      if (loop) return loop;
    }
    path.pop();
    state.set(key, "done");
    return null;
  };
  for (const t of tasks) {
    const loop = visit(t.key);
    if (loop) return loop;
  }
  return null;
}

/**
 * Problems of an edited plan as sentences a person can act on. `existingKeys`: tasks the project already
 * has (a change may wait for them, never reuse their keys). `roles`: the team's roles.
 */
export function planEditProblems(tasks: EditableTask[], opts: { roles: readonly string[]; existingKeys?: readonly string[]; roleName?: (role: string) => string }): string[] {
  const problems: string[] = [];
  const name = (t: EditableTask) => `“${t.title.trim() || t.key}”`;
  const roleName = opts.roleName ?? ((r: string) => r);
  const existing = new Set(opts.existingKeys ?? []);
  const seen = new Set<string>();
  for (const t of tasks) {
    if (!TaskKey.safeParse(t.key).success) problems.push(`Task ${name(t)}: its key "${t.key}" must be lowercase letters, digits and dashes (at most 40).`);
    if (seen.has(t.key)) problems.push(`Two tasks use the key "${t.key}"; each task needs its own.`);
    if (existing.has(t.key)) problems.push(`Task ${name(t)}: the key "${t.key}" is already used by the project.`);
    seen.add(t.key);
    if (!opts.roles.includes(t.role)) {
      problems.push(`Task ${name(t)}: “${roleName(t.role)}” is not on this team. Choose one of: ${opts.roles.map(roleName).join(", ")}.`);
    }
  }
  const known = new Set([...seen, ...existing]);
  const byKey = new Map(tasks.map((t) => [t.key, t]));
  for (const t of tasks) {
    if (t.dependsOn.includes(t.key)) problems.push(`Task ${name(t)} cannot wait for itself.`);
    for (const d of t.dependsOn) if (!known.has(d)) problems.push(`Task ${name(t)} waits for a task that does not exist ("${d}").`);
    if (new Set(t.dependsOn).size !== t.dependsOn.length) problems.push(`Task ${name(t)} lists the same dependency twice.`);
  }
  const loop = findCycle(tasks.map((t) => ({ ...t, dependsOn: t.dependsOn.filter((d) => d !== t.key) })));
  if (loop) {
    const titles = loop.map((k) => `“${byKey.get(k)?.title.trim() || k}”`);
    problems.push(`These tasks wait for each other in a loop, so none could start: ${titles.join(" → ")}. Remove one of those dependencies.`);
  }
  return problems;
}
