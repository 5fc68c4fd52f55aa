import { describe, expect, it } from "vitest";
import { planProblems } from "./plan";

const task = (key: string, dependsOn: string[] = []) => ({ key, dependsOn });

describe("plan graph checks", () => {
  it("accepts a DAG", () => {
    expect(planProblems({ tasks: [task("api"), task("ui", ["api"]), task("qa", ["api", "ui"])] as never })).toEqual([]);
  });
  it("names unknown dependencies, duplicates and cycles", () => {
    expect(planProblems({ tasks: [task("a", ["b"]), task("b", ["a"]), task("b"), task("c", ["zz"])] as never })).toEqual([
      'Task key "b" is used twice.',
      'Task "c" depends on unknown task "zz".',
      "The task dependencies form a cycle.",
    ]);
  });
});
