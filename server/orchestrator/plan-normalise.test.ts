import { describe, expect, it } from "vitest";
import { IntakeDecision, PlanDraft } from "@/lib/plan";
import { interpret } from "@/server/llm/structured";
import { matchRole, normaliseIntake, normalisePlan, planGraphProblems, planLabeller, toTaskKey } from "./plan-normalise";

const ROLES = ["planner", "frontend", "backend", "qa", "devops", "researcher"];

const task = (over: Record<string, unknown>) => ({
  key: "core",
  title: "Write the core",
  role: "backend",
  description: "Write the core module with tests.",
  acceptanceCriteria: ["npm test passes"],
  dependsOn: [],
  estimate: { tokens: 1000, minutes: 5 },
  ...over,
});

function normalised(raw: unknown, existingKeys: string[] = []) {
  const notes: string[] = [];
  const value = normalisePlan(raw, { roles: ROLES, existingKeys }, (n) => notes.push(n)) as PlanDraft;
  return { value, notes };
}

describe("toTaskKey and matchRole", () => {
  it("makes lowercase-dashed keys", () => {
    expect(toTaskKey("Greeter")).toBe("greeter");
    expect(toTaskKey("Greeter Service")).toBe("greeter-service");
    expect(toTaskKey("priceEngine")).toBe("price-engine");
    expect(toTaskKey("  API_v2!! ")).toBe("api-v2");
    expect(toTaskKey("2nd pass")).toBe("task-2nd-pass");
    expect(toTaskKey("x".repeat(60))).toHaveLength(40);
  });

  it("matches roles by case, spelling and common synonyms, only to roles on the team", () => {
    expect(matchRole("Frontend", ROLES)).toBe("frontend");
    expect(matchRole("Front-end", ROLES)).toBe("frontend");
    expect(matchRole("frontend developer", ROLES)).toBe("frontend");
    expect(matchRole("QA Engineer", ROLES)).toBe("qa");
    expect(matchRole("tester", ROLES)).toBe("qa");
    expect(matchRole("DevOps", ROLES)).toBe("devops");
    expect(matchRole("Backend Engineer", ROLES)).toBe("backend");
    expect(matchRole("designer", ROLES)).toBeNull();
    expect(matchRole("security engineer", [...ROLES, "security"])).toBe("security");
    expect(matchRole("qa", ["frontend", "backend"])).toBeNull();
  });
});

describe("normalisePlan", () => {
  it("turns the motivating plan (keys \"Greeter\", role \"Frontend\") into a valid one, reporting each fix", () => {
    const raw = {
      name: "Greeter",
      goal: "Say hello to people",
      summary: "A greeter and its page.",
      tasks: [
        task({ key: "Greeter", role: "Backend Developer" }),
        task({ key: "Greeter Page", title: "Greeter page", role: "Frontend", dependsOn: ["Greeter"] }),
        task({ key: "QA", title: "Check it", role: "QA engineer", dependsOn: "Greeter, Greeter Page", estimate: { tokens: "1,500", minutes: "10 minutes" } }),
      ],
    };
    const { value, notes } = normalised(raw);
    expect(PlanDraft.safeParse(value).success).toBe(true);
    expect(value.tasks.map((t) => [t.key, t.role, t.dependsOn])).toEqual([
      ["greeter", "backend", []],
      ["greeter-page", "frontend", ["greeter"]],
      ["qa", "qa", ["greeter", "greeter-page"]],
    ]);
    expect(value.tasks[2]!.estimate).toEqual({ tokens: 1500, minutes: 10 });
    expect(notes).toEqual([
      'task key "Greeter" → "greeter"',
      'task key "Greeter Page" → "greeter-page"',
      'task key "QA" → "qa"',
      'task "greeter": role "Backend Developer" → "backend"',
      'task "greeter-page": role "Frontend" → "frontend"',
      'task "greeter-page": dependency "Greeter" → "greeter"',
      'task "qa": role "QA engineer" → "qa"',
      'task "qa": estimated tokens "1,500" → 1500',
      'task "qa": estimated minutes "10 minutes" → 10',
      'task "qa": dependency "Greeter" → "greeter"',
      'task "qa": dependency "Greeter Page" → "greeter-page"',
    ]);
  });

  it("reports nothing for a plan that is already right", () => {
    const raw = { name: "P", goal: "A goal", summary: "A summary", tasks: [task({}), task({ key: "qa", role: "qa", dependsOn: ["core"] })] };
    const { value, notes } = normalised(raw);
    expect(notes).toEqual([]);
    expect(value).toEqual(raw);
  });

  it("makes keys unique, names keyless tasks after their title, and resolves dependencies by title or number", () => {
    const { value, notes } = normalised({
      tasks: [task({ key: "core" }), task({ key: "Core" }), task({ key: undefined, title: "Ship it", dependsOn: ["Write the core", 2] })],
    });
    expect(value.tasks.map((t) => t.key)).toEqual(["core", "core-2", "ship-it"]);
    expect(value.tasks[2]!.dependsOn).toEqual(["core", "core-2"]);
    expect(notes).toContain('task key "Core" → "core-2"');
    expect(notes).toContain('task 3 had no key; named it "ship-it" after its title');
  });

  it("drops unknown and self dependencies with a note, keeps dependencies on existing tasks", () => {
    const { value, notes } = normalised({ tasks: [task({ key: "api", dependsOn: ["api", "database", "contract"] })] }, ["contract"]);
    expect(value.tasks[0]!.dependsOn).toEqual(["contract"]);
    expect(notes).toEqual(['task "api": dropped its dependency on itself', 'task "api": dropped the dependency on unknown task "database"']);
  });

  it("spells an unknown role the team's way, and splits criteria given as text", () => {
    const { value, notes } = normalised({ tasks: [task({ role: "UX Designer", acceptanceCriteria: "- loads\n- shows a greeting" })] });
    expect(value.tasks[0]!.role).toBe("ux-designer");
    expect(value.tasks[0]!.acceptanceCriteria).toEqual(["loads", "shows a greeting"]);
    expect(notes).toEqual(['task "core": role "UX Designer" → "ux-designer"', 'task "core": acceptance criteria given as text → a list of 2']);
  });

  it("leaves shapes it does not understand for the schema to report", () => {
    expect(normalised("a plan").value).toBe("a plan");
    expect(normalised({ tasks: "many" }).value).toEqual({ tasks: "many" });
  });
});

describe("planGraphProblems", () => {
  it("names a cycle and a reused existing key", () => {
    const tasks = [task({ key: "a", dependsOn: ["b"] }), task({ key: "b", dependsOn: ["c"] }), task({ key: "c", dependsOn: ["a"] }), task({ key: "old" })] as PlanDraft["tasks"];
    expect(planGraphProblems({ tasks }, ["old"])).toEqual([
      'task key "old" is already used by an existing task of the project; choose a new key',
      "the dependencies form a cycle: a → b → c → a",
    ]);
    expect(planGraphProblems({ tasks: [task({ key: "a" }), task({ key: "b", dependsOn: ["a"] })] as PlanDraft["tasks"] })).toEqual([]);
  });

  it("people read plan problems as sentences about numbered tasks", () => {
    const r = interpret(JSON.stringify({ name: "Plan", goal: "A goal", summary: "A summary", tasks: [task({}), task({ key: "qa", role: undefined })] }), {
      schema: PlanDraft,
      what: "plan",
      label: planLabeller,
      normalise: (raw, note) => normalisePlan(raw, { roles: ROLES }, note),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.forPeople)).toEqual(["task 2 has no role"]);
  });
});

describe("normaliseIntake", () => {
  it("fixes the intent's spelling, empty project ids, booleans as text and a missing reply", () => {
    const notes: string[] = [];
    const value = normaliseIntake({ intent: "New Project", projectId: "", needsClarification: "false" }, (n) => notes.push(n));
    expect(IntakeDecision.parse(value)).toEqual({ intent: "new_project", projectId: null, needsClarification: false, reply: "" });
    expect(notes).toEqual(['intent "New Project" → "new_project"']);
    expect(normaliseIntake({ intent: "status", projectId: 12, needsClarification: true, reply: "ok" }, () => {})).toEqual({
      intent: "status_question",
      projectId: "12",
      needsClarification: true,
      reply: "ok",
    });
  });
});
