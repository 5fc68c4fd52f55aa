import { describe, expect, it } from "vitest";
import { planProblems } from "./plan";

const task = (key: string, dependsOn: string[] = []) => ({ key, dependsOn });

describe("plan graph checks", () => {
  it("accepts a DAG", () => {
    expect(planProblems({ tasks: [task("api"), task("ui", ["api"]), task("qa", ["api", "ui"])] as never })).toEqual([]);
  });
  it("names duplicates and unknown dependencies", () => {
    expect(planProblems({ tasks: [task("a"), task("a"), task("c", ["zz"])] as never })).toEqual([
      'Task key "a" is used twice.',
      'Task "c" depends on unknown task "zz".',
    ]);
  });
  it("finds cycles", () => {
    expect(planProblems({ tasks: [task("a", ["c"]), task("b", ["a"]), task("c", ["b"])] as never })).toEqual([
      "The task dependencies form a cycle.",
    ]);
  });
});
