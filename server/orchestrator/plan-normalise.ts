import "server-only";
import { INTENTS, type IntakeDecision, type PlanDraft } from "@/lib/plan";
import type { Labeller } from "@/server/llm/structured";

// What a model gets almost right in a plan, fixed before validation so a near miss never costs a
// re-ask: task keys in the wrong case or with spaces, roles named the way people name them
// ("Front-end", "QA engineer"), dependencies on titles or task numbers, numbers sent as strings.
// Each fix is reported through `note` and shown on the plan card.

type Note = (repair: string) => void;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** "Greeter Service" → "greeter-service": lowercase words joined by dashes, starting with a letter, at most 40. */
export function toTaskKey(text: string): string {
  const key = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const lettered = /^[a-z]/.test(key) ? key : `task-${key}`.replace(/-+$/, "");
  return lettered.slice(0, 40).replace(/-+$/, "");
}

/** How people name roles, mapped to AIOS's role names (matched after lowercasing and dropping dashes/spaces). */
const ROLE_SYNONYMS: Record<string, string> = {
  frontend: "frontend",
  frontenddeveloper: "frontend",
  frontendengineer: "frontend",
  ui: "frontend",
  uideveloper: "frontend",
  web: "frontend",
  webdeveloper: "frontend",
  backend: "backend",
  backenddeveloper: "backend",
  backendengineer: "backend",
  developer: "backend",
  engineer: "backend",
  softwareengineer: "backend",
  server: "backend",
  api: "backend",
  fullstack: "backend",
  fullstackdeveloper: "backend",
  qa: "qa",
  qaengineer: "qa",
  tester: "qa",
  testing: "qa",
  test: "qa",
  testengineer: "qa",
  qualityassurance: "qa",
  devops: "devops",
  devopsengineer: "devops",
  ops: "devops",
  sre: "devops",
  infrastructure: "devops",
  release: "devops",
  deployment: "devops",
  researcher: "researcher",
  research: "researcher",
  analyst: "researcher",
  architect: "researcher",
  planner: "planner",
  cto: "planner",
};

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
const ROLE_SUFFIX = /(developer|engineer|agent|specialist|dev|team)$/;

/** The team role a model meant, or null. `roles` are the org's agent roles (lowercase). */
export function matchRole(given: string, roles: readonly string[]): string | null {
  const byName = new Map(roles.map((r) => [squash(r), r]));
  const s = squash(given);
  if (!s) return null;
  const direct = byName.get(s) ?? byName.get(s.replace(ROLE_SUFFIX, ""));
  if (direct) return direct;
  const synonym = ROLE_SYNONYMS[s] ?? ROLE_SYNONYMS[s.replace(ROLE_SUFFIX, "")];
  return synonym && roles.includes(synonym) ? synonym : null;
}

/** "12,000", "30 minutes", "1.5k" → numbers; anything else unchanged. */
function toNumber(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const m = /^\s*~?\s*(-?[\d,_]*\.?\d+)\s*(k|m)?\b/i.exec(v);
  if (!m) return v;
  const n = Number(m[1]!.replace(/[,_]/g, "")) * (m[2]?.toLowerCase() === "k" ? 1_000 : m[2]?.toLowerCase() === "m" ? 1_000_000 : 1);
  return Number.isFinite(n) ? n : v;
}

export type PlanContext = {
  /** The org's team roles (agent roles), lowercase. */
  roles: readonly string[];
  /** Keys of the project's existing tasks (a change): new tasks may depend on them but not reuse them. */
  existingKeys?: readonly string[];
};

/** Fixes what can be fixed in a raw plan; leaves the rest for the schema to report. */
export function normalisePlan(raw: unknown, ctx: PlanContext, note: Note): unknown {
  if (!isObj(raw)) return raw;
  const plan: Obj = { ...raw };
  if (!Array.isArray(plan.tasks)) return plan;
  const tasks = plan.tasks.map((t) => (isObj(t) ? { ...t } : t));
  const keyOf = normaliseKeys(tasks, ctx, note);
  tasks.forEach((t, i) => {
    if (!isObj(t)) return;
    const name = taskName(t, i);
    normaliseRole(t, name, ctx.roles, note);
    normaliseCriteria(t, name, note);
    normaliseEstimate(t, name, note);
    normaliseDeps(t, name, keyOf, note);
  });
  plan.tasks = tasks;
  return plan;
}

const taskName = (t: Obj, i: number) => (typeof t.key === "string" && t.key ? `task "${t.key}"` : `task ${i + 1}`);

/**
 * Task keys to lowercase-dashed and unique (within the plan and against existing tasks), a missing key
 * from the title. Returns how each way the model may refer to a task (its old key, its normalised key,
 * its title) resolves to its new key.
 */
function normaliseKeys(tasks: unknown[], ctx: PlanContext, note: Note): Map<string, string> {
  const taken = new Set(ctx.existingKeys ?? []);
  const keyOf = new Map<string, string>();
  for (const k of ctx.existingKeys ?? []) keyOf.set(k, k);
  tasks.forEach((t, i) => {
    if (!isObj(t)) return;
    const given = typeof t.key === "string" ? t.key : typeof t.key === "number" ? String(t.key) : "";
    const title = typeof t.title === "string" ? t.title : "";
    let key = toTaskKey(given || title);
    if (!key) return;
    // A repeated key within this answer is a second task, not the same one; a reused existing key is
    // left for the check to report (the model may be repeating an existing task).
    if (taken.has(key) && !(ctx.existingKeys ?? []).includes(key)) {
      const base = key.slice(0, 37);
      let n = 2;
      while (taken.has(`${base}-${n}`)) n++;
      key = `${base}-${n}`;
    }
    taken.add(key);
    if (!given) note(`task ${i + 1} had no key; named it "${key}" after its title`);
    else if (key !== given) note(`task key "${given}" → "${key}"`);
    t.key = key;
    for (const alias of [given, toTaskKey(given), toTaskKey(title), String(i + 1)]) {
      if (alias && !keyOf.has(alias)) keyOf.set(alias, key);
    }
  });
  return keyOf;
}

function normaliseRole(t: Obj, name: string, roles: readonly string[], note: Note): void {
  if (typeof t.role !== "string") return;
  const role = matchRole(t.role, roles);
  if (role && role !== t.role) {
    note(`${name}: role "${t.role}" → "${role}"`);
    t.role = role;
  } else if (!role) {
    // Not on the team: keep the model's role in the team's spelling (it is priced at the standard tier).
    const spelled = toTaskKey(t.role);
    if (spelled && spelled !== t.role) {
      note(`${name}: role "${t.role}" → "${spelled}"`);
      t.role = spelled;
    }
  }
}

function normaliseCriteria(t: Obj, name: string, note: Note): void {
  if (typeof t.acceptanceCriteria === "string") {
    const lines = t.acceptanceCriteria.split(/\r?\n/).map((l) => l.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, "").trim()).filter(Boolean);
    t.acceptanceCriteria = lines;
    note(`${name}: acceptance criteria given as text → a list of ${lines.length}`);
  }
}

function normaliseEstimate(t: Obj, name: string, note: Note): void {
  if (!isObj(t.estimate)) return;
  const estimate = { ...t.estimate };
  for (const field of ["tokens", "minutes"] as const) {
    const before = estimate[field];
    let after = toNumber(before);
    if (field === "tokens" && typeof after === "number" && !Number.isInteger(after)) after = Math.round(after);
    if (after !== before) {
      note(`${name}: estimated ${field} ${JSON.stringify(before)} → ${String(after)}`);
      estimate[field] = after;
    }
  }
  t.estimate = estimate;
}

function normaliseDeps(t: Obj, name: string, keyOf: Map<string, string>, note: Note): void {
  let deps = t.dependsOn;
  if (deps === undefined || deps === null) {
    t.dependsOn = [];
    return;
  }
  if (typeof deps === "string") deps = deps.split(/[,;]/).map((d) => d.trim()).filter(Boolean);
  if (!Array.isArray(deps)) return;
  const out: string[] = [];
  for (const d of deps) {
    const given = typeof d === "number" ? String(d) : typeof d === "string" ? d.trim() : null;
    if (given === null) continue;
    const key = keyOf.get(given) ?? keyOf.get(toTaskKey(given));
    if (!key) {
      note(`${name}: dropped the dependency on unknown task "${given}"`);
      continue;
    }
    if (key === t.key) {
      note(`${name}: dropped its dependency on itself`);
      continue;
    }
    if (key !== given) note(`${name}: dependency "${given}" → "${key}"`);
    if (!out.includes(key)) out.push(key);
  }
  t.dependsOn = out;
}

/**
 * What the schema cannot see, as sentences: reused existing keys and dependency cycles (named, so the
 * model can break them: "a → b → a").
 */
export function planGraphProblems(plan: Pick<PlanDraft, "tasks">, existingKeys: readonly string[] = []): string[] {
  const problems: string[] = [];
  const existing = new Set(existingKeys);
  for (const t of plan.tasks) if (existing.has(t.key)) problems.push(`task key "${t.key}" is already used by an existing task of the project; choose a new key`);
  const cycle = findCycle(plan.tasks);
  if (cycle) problems.push(`the dependencies form a cycle: ${cycle.join(" → ")}`);
  return problems;
}

function findCycle(tasks: Pick<PlanDraft["tasks"][number], "key" | "dependsOn">[]): string[] | null {
  const deps = new Map(tasks.map((t) => [t.key, t.dependsOn]));
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (key: string): string[] | null => {
    if (state.get(key) === "done") return null;
    if (state.get(key) === "visiting") return [...stack.slice(stack.indexOf(key)), key];
    state.set(key, "visiting");
    stack.push(key);
    for (const d of deps.get(key) ?? []) {
      if (!deps.has(d)) continue;
      const found = visit(d);
      if (found) return found;
    }
    stack.pop();
    state.set(key, "done");
    return null;
  };
  for (const t of tasks) {
    const found = visit(t.key);
    if (found) return found;
  }
  return null;
}

/** Names a plan's parts in sentences: ["tasks", 1] → "task 2" (people count from one). */
export const planLabeller: Labeller = (path) => (path.length === 2 && path[0] === "tasks" && typeof path[1] === "number" ? `task ${path[1] + 1}` : undefined);

const INTENT_WORDS: Record<string, IntakeDecision["intent"]> = {
  new: "new_project",
  newproject: "new_project",
  project: "new_project",
  build: "new_project",
  change: "change_request",
  changerequest: "change_request",
  change_project: "change_request",
  status: "status_question",
  statusquestion: "status_question",
  progress: "status_question",
  question: "general_question",
  general: "general_question",
  generalquestion: "general_question",
  chat: "general_question",
};

/** The intake decision's near misses: intent spelling, "" or "none" for no project, booleans as strings, a missing reply. */
export function normaliseIntake(raw: unknown, note: Note): unknown {
  if (!isObj(raw)) return raw;
  const d: Obj = { ...raw };
  if (typeof d.intent === "string" && !(INTENTS as readonly string[]).includes(d.intent)) {
    const s = d.intent.toLowerCase().replace(/[\s-]+/g, "_");
    const intent = (INTENTS as readonly string[]).includes(s) ? s : INTENT_WORDS[s.replace(/_/g, "")] ?? INTENT_WORDS[s];
    if (intent) {
      note(`intent "${d.intent}" → "${intent}"`);
      d.intent = intent;
    }
  }
  if (d.projectId === undefined || d.projectId === "" || (typeof d.projectId === "string" && /^(null|none|n\/a)$/i.test(d.projectId))) {
    d.projectId = null;
  } else if (typeof d.projectId === "number") {
    d.projectId = String(d.projectId);
  }
  if (typeof d.needsClarification === "string") {
    d.needsClarification = /^(true|yes|1)$/i.test(d.needsClarification.trim());
  } else if (d.needsClarification === undefined || d.needsClarification === null) {
    d.needsClarification = false;
  }
  if (d.reply === undefined || d.reply === null) d.reply = "";
  return d;
}
