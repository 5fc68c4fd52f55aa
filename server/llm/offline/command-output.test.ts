import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFile } from "@/server/workspace";
import { workspaces } from "@/server/workspace/test-helpers";
import { readCommand, readTestReport } from "./command-output";
import { sh } from "./harness.test-utils";

// Real `node --test` output in both reporters (TAP is Node 20's default when output is not a terminal;
// newer Node prints the spec reporter everywhere).

const spaces = workspaces();
let root: string;
beforeAll(async () => {
  root = await spaces.create();
  await writeFile(
    root,
    "test/sample.test.js",
    `import { test } from "node:test";
import assert from "node:assert/strict";
test("adds", () => assert.equal(1 + 1, 2));
test("PATCH /todos/:id persists done", () => assert.equal(false, true));
test("lists", () => assert.deepEqual([1, 2], [1, 3]));
`,
  );
});
afterAll(() => spaces.cleanup());

describe("reading node --test output", () => {
  it.each(["tap", "spec"])("%s reporter: counts, failing tests, messages and files", async (reporter) => {
    const r = await sh(`node --test --test-reporter=${reporter}`, root);
    const output = `$ node --test\nexit code ${r.exitCode}\n--- stdout ---\n${r.stdout}`;
    const report = readTestReport(output);
    expect(report.pass).toBe(1);
    expect(report.fail).toBe(2);
    expect(report.failures.map((f) => f.name)).toEqual(["PATCH /todos/:id persists done", "lists"]);
    expect(report.failures[0]!.message).toBe("Expected values to be strictly equal: false !== true");
    expect(report.failures[1]!.message).toMatch(/^Expected values to be strictly deep-equal:/);
    expect(report.failures[0]!.file).toBe("test/sample.test.js");
  });

  it("reads the runner's command result: exit code, timeouts, commands that never ran", () => {
    expect(readCommand({ ok: true, text: "$ node --test\nexit code 0\n--- stdout ---\nok" })).toMatchObject({ ran: true, exitCode: 0, passed: true });
    expect(readCommand({ ok: false, text: "$ node --test\nexit code 1" })).toMatchObject({ ran: true, exitCode: 1, passed: false });
    expect(readCommand({ ok: false, text: "$ sleep 999\ntimed out after 120000 ms" })).toMatchObject({ ran: true, timedOut: true, passed: false });
    expect(readCommand({ ok: true, text: "This project requires a person to approve commands. Waiting for approval." })).toMatchObject({ ran: false, passed: false });
    expect(readCommand({ ok: true, text: '{"exitCode":0,"stdout":"fine"}' })).toMatchObject({ ran: true, passed: true });
  });
});
