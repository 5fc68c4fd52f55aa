import { describe, expect, it } from "vitest";
import { findCycle, planEditProblems } from "./plan-rules";
import { roleLabel } from "./role-names";

const t = (key: string, dependsOn: string[] = [], role = "backend") => ({ key, title: `Task ${key}`, role, dependsOn });
const roles = ["frontend", "backend", "qa"];

describe("planEditProblems", () => {
  it("accepts a plan with known roles and an acyclic graph", () => {
    expect(planEditProblems([t("api"), t("ui", ["api"], "frontend"), t("qa", ["api", "ui"], "qa")], { roles })).toEqual([]);
  });
  it("names a role not on the team by its display name, with the choices", () => {
    expect(planEditProblems([t("api", [], "designer")], { roles, roleName: roleLabel })).toEqual([
      "Task “Task api”: “Designer” is not on this team. Choose one of: Frontend engineer, Backend engineer, QA.",
    ]);
  });
  it("names the loop by task titles", () => {
    const problems = planEditProblems([t("a", ["c"]), t("b", ["a"]), t("c", ["b"])], { roles });
    expect(problems).toEqual(["These tasks wait for each other in a loop, so none could start: “Task a” → “Task c” → “Task b” → “Task a”. Remove one of those dependencies."]);
  });
  it("refuses unknown dependencies, self-dependencies, bad and duplicate keys", () => {
    const problems = planEditProblems([t("a", ["a", "ghost"]), t("a"), t("Bad Key")], { roles });
    expect(problems).toContain("Task “Task a” cannot wait for itself.");
    expect(problems).toContain('Task “Task a” waits for a task that does not exist ("ghost").');
    expect(problems).toContain('Two tasks use the key "a"; each task needs its own.');
    expect(problems.some((p) => p.includes('its key "Bad Key" must be lowercase'))).toBe(true);
  });
  it("lets a change wait for the project's tasks but not reuse their keys", () => {
    expect(planEditProblems([t("docs", ["api"])], { roles, existingKeys: ["api"] })).toEqual([]);
    expect(planEditProblems([t("api")], { roles, existingKeys: ["api"] })).toEqual(['Task “Task api”: the key "api" is already used by the project.']);
  });
});

describe("findCycle", () => {
  it("is null for a DAG and ignores unknown keys", () => {
    expect(findCycle([t("a"), t("b", ["a", "zzz"])])).toBeNull();
  });
});
