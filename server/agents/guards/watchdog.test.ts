import { describe, expect, it } from "vitest";
import { budgetSpent, countMistake, mistakesQuestion, noMistakes, type ActionKind } from "./mistakes";
import { normaliseOutput, notStuck, observeAction, type Action, type StuckVerdict } from "./stuck";
import { Watchdog } from "./watchdog";

function run(actions: Action[]): StuckVerdict[] {
  let state = notStuck();
  return actions.map((a) => {
    const r = observeAction(state, a);
    state = r.state;
    return r.verdict;
  });
}
const kinds = (vs: StuckVerdict[]) => vs.map((v) => v.kind);

const list: Action = { tool: "list_files", input: {}, ok: true, output: "a.txt (3 B)" };
const readA: Action = { tool: "read_file", input: { path: "a.ts" }, ok: true, output: "export const a = 1;" };
const readB: Action = { tool: "read_file", input: { path: "b.ts" }, ok: true, output: "export const b = 2;" };

describe("mistake budget", () => {
  const count = (ks: ActionKind[]) => ks.reduce((s, k, i) => countMistake(s, k, `mistake ${i + 1}`), noMistakes());

  it("three failed actions in a row spend it; a success resets it", () => {
    expect(budgetSpent(count(["failed", "failed"]))).toBe(false);
    expect(budgetSpent(count(["failed", "unknown-tool", "failed"]))).toBe(true);
    expect(budgetSpent(count(["failed", "failed", "ok", "failed", "failed"]))).toBe(false);
  });

  it("the first invalid input is a free repair turn; a second one in a row counts", () => {
    expect(count(["invalid-input"]).streak).toBe(0);
    expect(count(["invalid-input", "invalid-input"]).streak).toBe(1);
    expect(budgetSpent(count(["invalid-input", "ok", "invalid-input", "ok"]))).toBe(false);
    expect(budgetSpent(count(["failed", "failed", "invalid-input"]))).toBe(false);
    expect(budgetSpent(count(["failed", "failed", "invalid-input", "invalid-input"]))).toBe(true);
  });

  it("asks a person with the mistakes listed", () => {
    const s = ["unknown-tool", "unknown-tool", "unknown-tool"].reduce(
      (st, k, i) => countMistake(st, k as ActionKind, `deploy: There is no tool "deploy" (${i + 1})\nmore`),
      noMistakes(),
    );
    expect(mistakesQuestion("backend", s)).toBe(
      'The backend agent made 3 mistakes in a row: 1) deploy: There is no tool "deploy" (1); 2) deploy: There is no tool "deploy" (2); 3) deploy: There is no tool "deploy" (3). How should it continue? Your answer is passed to the agent when the task runs again.',
    );
  });
});

describe("stuck detector", () => {
  it("A A A: warns at the third identical call and result, stops at the fifth", () => {
    const vs = run([list, list, list, list, list]);
    expect(kinds(vs)).toEqual(["ok", "ok", "warn", "ok", "stop"]);
    expect(vs[2]).toMatchObject({ pattern: "repeat", message: "You have called list_files with the same input 3 times and got the same result each time. Try something different: use what the result says, change the input, or use another tool." });
    expect(vs[4]).toMatchObject({ message: "Stopped: the agent called list_files 5 times in a row with the same input and kept getting the same result, even after a warning." });
  });

  it("the same call with a changing result is progress, not a loop", () => {
    const vs = run([1, 2, 3, 4, 5].map((i) => ({ ...list, output: `a.txt (${i} B)` })));
    expect(kinds(vs)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
  });

  it("inputs compare by content, whatever the key order", () => {
    const a = { tool: "run_command", input: { command: "ls", timeoutSeconds: 5 }, ok: true, output: "x" };
    const b = { ...a, input: { timeoutSeconds: 5, command: "ls" } };
    expect(kinds(run([a, b, a]))).toEqual(["ok", "ok", "warn"]);
  });

  it("A B A B: warns at four, stops at six", () => {
    const vs = run([readA, readB, readA, readB, readA, readB]);
    expect(kinds(vs)).toEqual(["ok", "ok", "ok", "warn", "ok", "stop"]);
    expect(vs[3]).toMatchObject({ pattern: "alternating" });
    if (vs[3]!.kind === "ok") throw new Error("expected a warning");
    expect(vs[3]!.message).toContain("read_file a.ts and read_file b.ts");
  });

  it("the same error again with other actions between: warns at three, stops at five", () => {
    const test: Action = { tool: "run_command", input: { command: "node --test" }, ok: false, output: "$ node --test\nexit code 1\nnot ok 1 - adds\n# duration_ms 12.5" };
    const edits = [1, 2, 3, 4, 5].map((i) => ({ tool: "write_file", input: { path: "a.js", content: `v${i}` }, ok: true, output: `Wrote a.js (${i} bytes).` }));
    const timed = (ms: number) => ({ ...test, output: test.output.replace("12.5", String(ms)) });
    const vs = run([timed(10), edits[0]!, timed(11), edits[1]!, timed(12), edits[2]!, timed(13), edits[3]!, timed(14)]);
    expect(kinds(vs)).toEqual(["ok", "ok", "ok", "ok", "warn", "ok", "ok", "ok", "stop"]);
    expect(vs[4]).toMatchObject({ pattern: "same-error", message: expect.stringContaining('"$ node --test"') });
  });

  it("timings do not make outputs differ", () => {
    expect(normaliseOutput("ok 1\n# duration_ms 12.345\ndone in 300ms")).toBe(normaliseOutput("ok 1\n# duration_ms 9.1\ndone in 41ms"));
    expect(normaliseOutput("3 tests failed")).not.toBe(normaliseOutput("2 tests failed"));
  });
});

describe("watchdog", () => {
  it("asks a person after three mistakes before any loop is reported", () => {
    const w = new Watchdog("backend");
    const bad = { tool: "deploy", input: {}, ok: false, output: 'There is no tool "deploy".', kind: "unknown-tool" as const };
    expect(w.observe(bad).kind).toBe("ok");
    expect(w.observe(bad).kind).toBe("ok");
    const v = w.observe(bad);
    expect(v).toMatchObject({ kind: "stop", reason: "mistakes" });
  });

  it("remembers replayed actions: a resumed run's loop is still seen", () => {
    const w = new Watchdog("backend");
    w.remember(list);
    w.remember(list);
    expect(w.observe({ ...list, kind: "ok" })).toMatchObject({ kind: "warn" });
  });
});
