import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnTs, tailCollector, terminate, waitForExit } from "../../tests/helpers/process";
import type { EvalReport } from "../report";

// `npm run eval` end to end on one demo, as a person runs it: its own process (server/env.ts reads the
// environment once), AIOS booted on PGlite in a temp data dir, the offline model, and the harness's
// acceptance tests run in the sandbox on a clone of the finished workspace. Results go to a temp folder.

const out = mkdtempSync(join(tmpdir(), "aios-eval-results-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function evalRun(args: string[], timeoutMs: number) {
  const child = spawnTs("eval/run.ts", args, { ...process.env });
  const log = tailCollector(80);
  child.stdout!.on("data", (d: Buffer) => log.push(d));
  child.stderr!.on("data", (d: Buffer) => log.push(d));
  return waitForExit(child, timeoutMs).then(async (exited) => {
    if (!exited) await terminate(child);
    return { code: child.exitCode, log: log.text() };
  });
}

describe("npm run eval", () => {
  it("runs the CSV to JSON demo end to end and reports it passed, with what it cost", async () => {
    const { code, log } = await evalRun(["--tasks", "csv-to-json", "--out", out], 110_000);
    expect(code, log).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "latest.json"), "utf8")) as EvalReport;
    expect(report.overall).toMatchObject({ tasks: 1, runs: 1, passAt1: 1, passHatK: 1 });
    const [run] = report.runs;
    expect(run).toMatchObject({ taskId: "csv-to-json", passed: true, status: "completed", problem: null });
    expect(run!.acceptance.tests).toBeGreaterThanOrEqual(5);
    expect(run!.acceptance.failed).toBe(0);
    // Read from the run's own org: intake, planning and every agent step, by role.
    expect(run!.usage.steps).toBeGreaterThan(10);
    expect(run!.usage.llmCalls).toBeGreaterThanOrEqual(run!.usage.steps);
    expect(run!.usage.byRoleModel.map((r) => r.role)).toEqual(expect.arrayContaining(["intake", "planning", "backend", "qa"]));
    expect(readFileSync(join(out, "latest.md"), "utf8")).toContain("| csv-to-json | demo | 100 % (1/1) | 100 % | completed |");
  }, 120_000);

  it("explains a bad option and lists the valid task ids, without starting anything", async () => {
    const { code, log } = await evalRun(["--tasks", "no-such-task"], 30_000);
    expect(code).toBe(2);
    expect(log).toMatch(/Unknown task "no-such-task"\. Valid ids: csv-to-json, stock-dashboard, todo-api, duration-library, .*, change-csv-fields\./);
  }, 40_000);
});
