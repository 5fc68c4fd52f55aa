import { describe, expect, it } from "vitest";
import { checkFinish, latestOutcomes } from "./criteria-check";

const ran = latestOutcomes([
  { command: "node --test", ok: false },
  { command: "node --test", ok: true },
  { command: "node smoke.js", ok: true },
  { command: "node smoke.js", ok: false },
]);
const CRITERIA = ["Parses quoted fields", "node --test passes"];

describe("checking a finish against the task's acceptance criteria", () => {
  it("succeeds when every criterion is met by a command whose latest run passed", () => {
    const r = checkFinish(CRITERIA, [
      { criterion: "Parses quoted fields", met: true, evidence: "`node --test`" },
      { criterion: "node --test passes.", met: true, evidence: "$ node --test" },
    ], "Built the parser.", ran);
    expect(r).toMatchObject({ ok: true, criteria: [{ met: true }, { met: true }] });
  });

  it("needs attention without verdicts, with a claim of no evidence, or evidence that was never run or failed last", () => {
    expect(checkFinish(CRITERIA, [], "Done.", ran).reason).toBe("Acceptance criteria not met or not checked: no verdict for “Parses quoted fields”; no verdict for “node --test passes”.");
    const r = checkFinish(CRITERIA, [
      { criterion: "Parses quoted fields", met: true },
      { criterion: "node --test passes", met: true, evidence: "node smoke.js" },
    ], "Done.", ran);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/“Parses quoted fields” has no evidence/);
    expect(r.reason).toMatch(/`node smoke.js` did not pass when last run/);
    expect(checkFinish(["x"], [{ criterion: "x", met: true, evidence: "npm test" }], "Done.", ran).reason).toMatch(/`npm test` was not run in this task/);
  });

  it("a criterion the agent says is not met, or a summary that admits the work was not done, is never green", () => {
    expect(checkFinish(["x"], [{ criterion: "x", met: false, evidence: "Only specified" }], "Recorded it.", ran).reason).toMatch(/“x” is not met \(Only specified\)/);
    const admitted = checkFinish(["x"], [{ criterion: "x", met: true, evidence: "node --test" }], "I did not implement it: this needs a real model.", ran);
    expect(admitted).toMatchObject({ ok: false, reason: expect.stringMatching(/the summary says the work was not done/) });
  });

  it("matches reworded verdicts by position when none matches by text", () => {
    const r = checkFinish(CRITERIA, [
      { criterion: "quoted fields work", met: true, evidence: "node --test" },
      { criterion: "tests pass", met: true, evidence: "node --test" },
    ], "Done.", ran);
    expect(r.ok).toBe(true);
  });
});

describe("the reason", () => {
  it("names criteria that are not met for the same stated reason together, once", () => {
    const r = checkFinish(["a", "b", "c"], [
      { criterion: "a", met: false, evidence: "`check` did not run." },
      { criterion: "b", met: false, evidence: "`check` did not run." },
      { criterion: "c", met: true },
    ], "Wrote the notes.", ran);
    expect(r.reason).toBe("Acceptance criteria not met or not checked: “a” and “b” are not met (`check` did not run.); “c” has no evidence (a command run in this task).");
  });
});
