import "server-only";
import type { PlanDraft, PlannedTask } from "@/lib/plan";
import { templateFor, type TaskDef } from "./templates";
import { clip, normalize, sentence, slugify, words } from "./text";

// Planning: a known request gets its template's plan; any other request a plan shaped by its words; a
// change request (the message lists the existing tasks) only the new tasks, with keys that do not collide.

export type ExistingTask = { key: string; role: string; status: string; title: string };

const TASK_LINE = /^\s*[-*]\s*([a-z][a-z0-9-]{0,39})\s*\(([^,)]+)(?:,\s*([^)]+))?\)\s*:\s*(.+?)\s*$/;
const CHANGE_MARKER = /^\s*(this is a change|existing tasks)\b/im;

/** The planning message: the request, then (for a change) "This is a change … Existing tasks …" and task lines. */
export function readPlanMessage(text: string): { request: string; existing: ExistingTask[] } {
  const marker = CHANGE_MARKER.exec(text);
  const head = marker ? text.slice(0, marker.index) : text;
  const tail = marker ? text.slice(marker.index) : "";
  const existing = tail
    .split("\n")
    .map((l) => TASK_LINE.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ key: m[1]!, role: m[2]!.trim(), status: (m[3] ?? "").trim(), title: m[4]! }));
  const request = head.replace(/^\s*request:\s*/i, "").trim();
  return { request: request || text.trim(), existing };
}

/** Tokens and minutes a task should take: each step re-sends the run so far, so input grows with it. */
export function estimate(task: Pick<TaskDef, "ops" | "checks">): PlannedTask["estimate"] {
  const BASE = 3200; // system prompt, tool schemas and the brief, in characters
  const steps: { sent: number; kept: number }[] = [{ sent: 30, kept: 400 }];
  for (const op of task.ops) {
    if (op.kind === "write") steps.push({ sent: op.content.length, kept: op.content.length + 60 });
    else steps.push({ sent: 60, kept: op.full.length }, { sent: op.find.length + op.replace.length, kept: op.find.length + op.replace.length + 40 });
  }
  for (const _ of task.checks) steps.push({ sent: 40, kept: 3000 });
  steps.push({ sent: 400, kept: 0 });
  let history = 0;
  let input = 0;
  let output = 0;
  for (const s of steps) {
    input += (BASE + history) / 4;
    output += s.sent / 4 + 20;
    history += s.kept;
  }
  // A fifth more than the steps themselves: real models explain and retry a little.
  const tokens = Math.round((1.2 * (input + output)) / 100) * 100;
  const written = task.ops.reduce((n, op) => n + (op.kind === "write" ? op.content.length : op.replace.length), 0);
  const minutes = Math.max(2, Math.round((steps.length * 0.6 + written / 2500 + task.checks.length) * 2) / 2);
  return { tokens, minutes };
}

/** The request as a sentence: the project's goal (long enough for the schema even for "app"). */
const goalOf = (request: string) => {
  const g = sentence(clip(request, 3000));
  return g.length >= 5 ? g : sentence(`Build ${request.trim() || "a small project"}`);
};

const toPlanned = (t: TaskDef): PlannedTask => ({
  key: t.key,
  title: t.title,
  role: t.role,
  description: t.description,
  acceptanceCriteria: t.criteria,
  dependsOn: t.dependsOn,
  estimate: estimate(t),
});

export function planFor(message: string): PlanDraft {
  const { request, existing } = readPlanMessage(message);
  if (existing.length) return changePlan(request, existing);
  const goal = goalOf(request);
  const t = templateFor(goal);
  return { name: t.name, goal, summary: t.summary, tasks: t.tasks.map(toPlanned) };
}

const UI = /\b(page|ui|chart|charts|graph|graphs|button|buttons|colou?rs?|dark|light|theme|layout|style|styles|css|display|show|shows|table|view|screen|frontend|design|responsive|mobile|font|icons?|sparklines?|animation|form|forms|column|columns|sort|sorting|header|footer|logo|accessib\w*|keyboard|modal|tooltip|menu|html)\b/;
const DATA = /\b(api|endpoints?|fields?|store|database|persist\w*|save|saving|validat\w*|filter\w*|search|export|import|auth\w*|login|backend|server|performance|cache|rate|limit|symbols?|tickers?|data|json|csv|options?|flags?|arguments?|delimiter|errors?|pagination|due|dates?|priority|priorities|tags?|history|volume|quotes?|prices?|output|input|parse|parser|encoding|stdin|cli|commands?|logging|logs?)\b/;
const OPS = /\b(readme|docs|documentation|docker|dockerfile|deploy\w*|ci|pipeline|install\w*|release|container|kubernetes|k8s|env|environment)\b/;

function freeKey(base: string, taken: Set<string>): string {
  const root = base.slice(0, 36).replace(/-+$/, "") || "change";
  let key = root;
  for (let n = 2; taken.has(key); n++) key = `${root}-${n}`;
  taken.add(key);
  return key;
}

export function changePlan(request: string, existing: ExistingTask[]): PlanDraft {
  const lower = normalize(request);
  const goal = goalOf(request);
  const subject = words(request)
    .filter((w) => !/^(please|can|could|you|we|i|also|add|make|change|update|it|the|a|an|to|so|that|and|of|for|with|in|on|our|my|let|lets|should|would|want|need)$/.test(w))
    .slice(0, 5)
    .join(" ");
  const base = slugify(subject || "change", 30);
  const taken = new Set(existing.map((t) => t.key));
  const roles: string[] = [];
  if (DATA.test(lower)) roles.push("backend");
  if (UI.test(lower)) roles.push("frontend");
  if (OPS.test(lower) && roles.length === 0) roles.push("devops");
  if (roles.length === 0) roles.push(existing.some((t) => t.role === "frontend") ? "frontend" : "backend");
  const lastQa = [...existing].reverse().find((t) => t.role === "qa");
  const after = lastQa ? [lastQa.key] : [];
  const said = clip(sentence(request).replace(/\.$/, ""), 110);
  const title = said.length >= 3 ? said : "Requested change";

  const builders = roles.map((role, i) => {
    const def: TaskDef = {
      key: freeKey(roles.length > 1 ? `${base}-${role}` : base, taken),
      title: roles.length > 1 ? clip(`${role === "backend" ? "Backend" : role === "frontend" ? "Frontend" : "Ops"}: ${title}`, 120) : title,
      role,
      description: `${goal} Change the ${role === "frontend" ? "page and its script" : role === "devops" ? "documentation and packaging" : "server-side code and its tests"} so the project does this, keep every existing test passing, and add tests for the new behaviour.`,
      criteria: [clip(`The change is in place: ${request.trim()}`, 390), "Existing behaviour keeps working", "New behaviour is covered by node --test"],
      dependsOn: i === 0 ? after : [],
      ops: [{ kind: "write", path: `docs/changes/${base}.md`, content: "x".repeat(1500) }],
      checks: role === "devops" ? [] : [{ command: "node --test" }],
      ownTests: [],
      done: "",
    };
    return def;
  });
  // Frontend work builds on backend work when both are needed.
  for (const b of builders) if (b.role === "frontend") b.dependsOn = [...new Set([...b.dependsOn, ...builders.filter((x) => x.role === "backend").map((x) => x.key)])];
  const tasks: TaskDef[] = [...builders];
  if (!roles.every((r) => r === "devops")) {
    tasks.push({
      key: freeKey(`qa-${base}`, taken),
      title: clip(`Verify: ${title}`, 120),
      role: "qa",
      description: `Check the change against its acceptance criteria: ${goal} Run the whole suite, and hand failures back to the owning role with the failing test and message.`,
      criteria: ["The change meets its acceptance criteria", "The full node --test suite passes"],
      dependsOn: builders.map((b) => b.key),
      ops: [],
      checks: [{ command: "node --test" }],
      ownTests: [],
      done: "",
    });
  }
  return {
    name: clip(`Change: ${title}`, 100),
    goal,
    summary: `${tasks.length} task${tasks.length === 1 ? "" : "s"} for the change (${[...new Set(tasks.map((t) => t.role))].join(", ")}). Offline demo model: these tasks record the change as a spec and re-verify the project; connect a real model to have it implemented.`,
    tasks: tasks.map(toPlanned),
  };
}
