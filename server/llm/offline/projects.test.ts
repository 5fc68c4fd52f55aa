import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { generateText, Output } from "ai";
import { afterAll, describe, expect, it } from "vitest";
import { PlanDraft } from "@/lib/plan";
import { sandboxCapabilities, writeFile } from "@/server/workspace";
import { workspaces } from "@/server/workspace/test-helpers";
import { runProject, runTask, sh, type TaskRun } from "./harness.test-utils";
import { createOfflineModel } from "./index";
import { templateFor } from "./templates";
import { TODO_DEFECT } from "./templates/todo-api";
import { STOCK_DEFECT } from "./templates/stock-dashboard";

// Whole projects, end to end: plan with the offline model, run every task through the AI SDK with real
// tools in a temporary folder, then run the generated project's own tests with `node --test`.

const model = createOfflineModel();
const spaces = workspaces();
const workspace = () => spaces.create();
afterAll(() => spaces.cleanup());

async function planOf(request: string): Promise<PlanDraft> {
  const { output } = await generateText({ model, system: '<aios purpose="plan"/>\nPlan it.', prompt: request, output: Output.object({ schema: PlanDraft }) });
  return output;
}

const summary = (log: TaskRun[]) => log.map((r) => `${r.key}#${r.attempt}:${r.ending.tool}`);
/** Every finish is settled as succeeded: each criterion met, with a command of that run that passed. */
const everyCriterionChecked = (log: TaskRun[]) => {
  for (const r of log.filter((x) => x.ending.tool === "finish")) expect(r.check, `${r.key}: ${r.check?.reason}`).toMatchObject({ ok: true });
};
const TIMEOUT = 180_000;

describe("offline projects run end to end", () => {
  it("runs the projects' commands in the workspace sandbox", async () => {
    const caps = await sandboxCapabilities();
    const probe = await sh(`node -e "require('net').connect(1, '127.0.0.1').on('error', (e) => console.log(e.code))"`, await workspace());
    // Isolated, the sandbox has only its own loopback, where nothing listens.
    expect(probe.stdout.trim()).toMatch(caps.networkIsolated ? /^(ENETUNREACH|EACCES|ECONNREFUSED)$/ : /^ECONNREFUSED$/);
  });

  it(
    "stock prices: every task finishes and the generated app's tests pass",
    async () => {
      const root = await workspace();
      const plan = await planOf("Build a web app that displays stock prices");
      const log = await runProject(model, plan, root);
      // QA's header suite catches the stylesheet served as text/plain and returns it to the backend.
      expect(summary(log)).toEqual([
        "quote-source#1:finish",
        "price-engine#1:finish",
        "prices-api#1:finish",
        "dashboard-ui#1:finish",
        "qa-dashboard#1:handoff",
        "prices-api#2:finish",
        "qa-dashboard#2:finish",
        "ship#1:finish",
      ]);
      const qa1 = log[4]!;
      expect(qa1.ending.input).toMatchObject({ toRole: "backend", kind: "return" });
      expect(String(qa1.ending.input.reason)).toMatch(/styles\.css is served as text\/css/);
      const fix = log[5]!;
      expect(fix.calls.find((c) => c.tool === "patch_file")!.input).toEqual({ path: "server.js", find: STOCK_DEFECT.buggy, replace: STOCK_DEFECT.fixed });
      for (const r of log) expect(String(r.ending.input.summary ?? "")).not.toMatch(/still fails|could not/);
      everyCriterionChecked(log);
      const ship = log.find((r) => r.key === "ship")!;
      expect(ship.calls.map((c) => c.tool)).toContain("patch_file");
      expect(String(ship.ending.input.summary)).toMatch(/`node scripts\/smoke\.js` passes/);
      const tests = await sh("node --test", root);
      expect(tests.exitCode).toBe(0);
      expect(tests.stdout).toMatch(/# pass 27/);
      expect(JSON.parse(await readFile(join(root, "package.json"), "utf8")).scripts).toEqual({ start: "node server.js", test: "node --test", smoke: "node scripts/smoke.js" });
      const ui = await readFile(join(root, "public/app.js"), "utf8");
      expect(ui).toMatch(/\/api\/prices/);
      expect(ui).toMatch(/setInterval/);
    },
    TIMEOUT,
  );

  it(
    "todo API: QA's tests catch the backend's bug, the backend patches it, QA passes",
    async () => {
      const root = await workspace();
      const plan = await planOf("Create a REST API for a todo list with tests");
      const log = await runProject(model, plan, root);
      expect(summary(log)).toEqual([
        "api-contract#1:finish",
        "todo-api#1:finish",
        "qa-todo#1:handoff",
        "todo-api#2:finish",
        "qa-todo#2:finish",
        "ship#1:finish",
      ]);
      everyCriterionChecked(log);
      // Attempt 1: the backend's own tests pass with the first draft…
      const draft = log[1]!;
      const draftRun = draft.calls.find((c) => c.tool === "run_command")!;
      expect(draftRun.output).toMatch(/exit code 0/);
      expect(draft.calls.find((c) => c.input.path === "src/app.js")!.input.content).toContain(TODO_DEFECT.buggy);
      // …QA's suite fails on the real bug, and the hand-back quotes the failing test from the output.
      const qa1 = log[2]!;
      const qaRun = qa1.calls.find((c) => c.tool === "run_command")!;
      expect(qaRun.ok).toBe(false);
      expect(qaRun.output).toMatch(/exit code 1/);
      expect(qa1.ending.input).toMatchObject({ toRole: "backend", kind: "return" });
      const reason = String(qa1.ending.input.reason);
      expect(reason).toMatch(/"PATCH \/todos\/:id persists done" \(test\/qa\.test\.js\): Expected values to be strictly equal: false !== true/);
      expect(reason).toMatch(/3 of 19 tests fail/);
      expect(qaRun.output).toContain("PATCH /todos/:id persists done");
      // Attempt 2: the backend reads the file, patches the bug, re-runs the tests.
      const fix = log[3]!;
      expect(fix.calls.map((c) => c.tool)).toEqual(["read_file", "patch_file", "run_command"]);
      expect(fix.calls[1]!.input).toEqual({ path: "src/app.js", find: TODO_DEFECT.buggy, replace: TODO_DEFECT.fixed });
      expect(fix.calls[2]!.output).toMatch(/exit code 0/);
      expect(String(fix.ending.input.summary)).toMatch(/^Returned by qa: .*Fixed the bug qa reported/);
      expect(String(fix.ending.input.summary)).toMatch(/all 19 tests pass/);
      expect(String(log[4]!.ending.input.summary)).toMatch(/all 19 tests pass/);
      const tests = await sh("node --test", root);
      expect(tests.exitCode).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "todo API: the first draft really fails QA's tests and the patched version really passes",
    async () => {
      const t = templateFor("Create a REST API for a todo list with tests.");
      const write = async (root: string, files: Record<string, string>) => {
        for (const [path, content] of Object.entries(files)) await writeFile(root, path, content);
      };
      const buggy = await workspace();
      const app = t.files["src/app.js"]!;
      expect(app.split(TODO_DEFECT.fixed).length).toBe(2);
      await write(buggy, { ...t.files, "src/app.js": app.replace(TODO_DEFECT.fixed, TODO_DEFECT.buggy) });
      const before = await sh("node --test test/store.test.js test/api.test.js", buggy);
      expect(before.exitCode).toBe(0); // the backend's own tests miss it
      const qa = await sh("node --test", buggy);
      expect(qa.exitCode).toBe(1);
      expect(qa.stdout).toMatch(/not ok \d+ - PATCH \/todos\/:id persists done/);
      const fixed = await workspace();
      await write(fixed, t.files);
      expect((await sh("node --test", fixed)).exitCode).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "CSV to JSON: every task finishes, the binary converts the fixture",
    async () => {
      const root = await workspace();
      const plan = await planOf("Write a command-line tool that converts CSV to JSON");
      const log = await runProject(model, plan, root);
      expect(summary(log)).toEqual(plan.tasks.map((t) => `${t.key}#1:finish`));
      for (const r of log) expect(String(r.ending.input.summary)).not.toMatch(/still fails|could not/i);
      everyCriterionChecked(log);
      expect((await sh("node --test", root)).exitCode).toBe(0);
      const out = await sh("printf 'a,b\\n\"x, y\",2\\n' | node bin/csv2json.js --pretty", root);
      expect(JSON.parse(out.stdout)).toEqual([{ a: "x, y", b: "2" }]);
      expect((await sh("test -x bin/csv2json.js", root)).exitCode).toBe(0);
    },
    TIMEOUT,
  );

  it.each([
    ["Build a recipe manager for my family", ["requirements", "core", "http-api", "web-ui", "qa", "ship"], "node scripts/smoke.js"],
    ["Write a CLI to manage my bookmarks", ["requirements", "core", "cli", "qa", "ship"], "node bin/cli.js add Read the docs --tag x --data d.json && node bin/cli.js list --data d.json"],
    ["Create a REST API for books", ["requirements", "core", "http-api", "qa", "ship"], "node scripts/smoke.js"],
    ["Write a JavaScript library that keeps a reading list", ["requirements", "core", "qa", "ship"], "node -e \"import('./src/store.js').then(m => console.log(m.createStore().add({ title: 'Dune' }).title))\""],
  ])(
    "any request (%s): a small real project whose tests pass",
    async (request, keys, command) => {
      const root = await workspace();
      const plan = await planOf(request);
      expect(plan.tasks.map((t) => t.key)).toEqual(keys);
      const log = await runProject(model, plan, root);
      expect(summary(log)).toEqual(keys.map((k) => `${k}#1:finish`));
      for (const r of log) expect(String(r.ending.input.summary)).not.toMatch(/still fails|could not/i);
      everyCriterionChecked(log);
      expect((await sh("node --test", root)).exitCode).toBe(0);
      const r = await sh(command, root);
      expect(r.exitCode, r.stderr).toBe(0);
    },
    TIMEOUT,
  );
});

describe("offline agent steps react to what the tools return", () => {
  it(
    "a run resumed after a crash continues where it stopped instead of starting over",
    async () => {
      const plan = await planOf("Build a web app that displays stock prices");
      const task = plan.tasks.find((t) => t.key === "dashboard-ui")!;
      const whole = await runTask({ model, root: await workspace(), goal: plan.goal, task });
      const root = await workspace();
      const first = await runTask({ model, root, goal: plan.goal, task, crashAfter: 3 });
      expect(first.crashed).toBe(true);
      const resumed = await runTask({ model, root, goal: plan.goal, task, attempt: 2, resumeFrom: first.messages });
      expect([...first.calls, ...resumed.calls].map((c) => [c.tool, c.input.path ?? c.input.command])).toEqual(whole.calls.map((c) => [c.tool, c.input.path ?? c.input.command]));
      expect(resumed.ending.tool).toBe("finish");
    },
    TIMEOUT,
  );

  it(
    "a failing command is read, fixed once, and reported honestly",
    async () => {
      const root = await workspace();
      const plan = await planOf("Build a web app that displays stock prices");
      const [research, engine, api] = plan.tasks;
      await runTask({ model, root, goal: plan.goal, task: research!, tools: ["list_files", "write_file", "finish"] });
      await runTask({ model, root, goal: plan.goal, task: engine! });
      // Someone deletes src/prices.js just before the API task runs its tests.
      let sabotaged = false;
      const run = await runTask({
        model,
        root,
        goal: plan.goal,
        task: api!,
        beforeTool: async (name) => {
          if (name === "run_command" && !sabotaged) {
            sabotaged = true;
            await rm(join(root, "src/prices.js"));
          }
        },
      });
      const runs = run.calls.filter((c) => c.tool === "run_command");
      expect(runs[0]!.ok).toBe(false);
      expect(run.calls.map((c) => c.tool)).toEqual(["list_files", "write_file", "write_file", "write_file", "run_command", "write_file", "run_command"]);
      expect(run.calls[5]!.input.path).toBe("src/prices.js");
      expect(runs[1]!.ok).toBe(true);
      expect(String(run.ending.input.summary)).toMatch(/The first run failed .*I restored the missing src\/prices\.js\. `node --test` passes/);
    },
    TIMEOUT,
  );

  it(
    "a failure outside the task's own tests is told apart from its own and reported",
    async () => {
      const root = await workspace();
      const plan = await planOf("Write a command-line tool that converts CSV to JSON");
      const parser = plan.tasks.find((t) => t.key === "csv-parser")!;
      // A broken test file the task does not own: the task's own tests pass, the suite does not.
      await writeFile(root, "test/legacy.test.js", 'import { test } from "node:test";\nimport assert from "node:assert/strict";\ntest("legacy check", () => assert.equal(1, 2));\n');
      const run = await runTask({ model, root, goal: plan.goal, task: parser });
      const commands = run.calls.filter((c) => c.tool === "run_command").map((c) => c.input.command);
      expect(commands).toEqual(["node --test", "node --test test/parse-csv.test.js"]);
      expect(run.ending.tool).toBe("finish");
      expect(String(run.ending.input.summary)).toMatch(/The full suite fails \(1 of 11 tests fail: "legacy check" \(test\/legacy\.test\.js\): Expected values to be strictly equal: 1 !== 2\); this task.s own tests pass \(`node --test test\/parse-csv\.test\.js`: all 10 tests pass\)/);
      
    },
    TIMEOUT,
  );

  it(
    "a change request's task records the change, says it was not implemented and needs attention",
    async () => {
      const root = await workspace();
      const plan = await planOf("Build a web app that displays stock prices");
      await runProject(model, plan, root);
      const existing = plan.tasks.map((t) => `- ${t.key} (${t.role}, succeeded): ${t.title}`).join("\n");
      const change = await planOf(`Add a dark mode toggle button to the page\n\nThis is a change to a running project. Existing tasks (do not repeat them; new keys must not collide; new tasks may depend on them):\n${existing}`);
      expect(change.tasks.map((t) => t.role)).toEqual(["frontend", "qa"]);
      const log = await runProject(model, { ...change, goal: plan.goal, tasks: change.tasks.map((t) => ({ ...t, dependsOn: t.dependsOn.filter((d) => change.tasks.some((c) => c.key === d)) })) }, root);
      // Not implemented, so not succeeded: the change task needs attention and QA after it waits.
      expect(summary(log)).toEqual([`${change.tasks[0]!.key}#1:finish`]);
      expect(log[0]!.check).toMatchObject({ ok: false, reason: expect.stringMatching(/summary says the work was not done.*(is|are) not met/) });
      const note = await readFile(join(root, `docs/changes/${change.tasks[0]!.key}.md`), "utf8");
      expect(note).toMatch(/Specified, not implemented/);
      expect(note).toMatch(/public\/app\.js/);
      expect(String(log[0]!.ending.input.summary)).toMatch(/I did not implement it/);
    },
    TIMEOUT,
  );

  it(
    "QA asks a person after repeated hand-backs instead of looping",
    async () => {
      const root = await workspace();
      const plan = await planOf("Create a REST API for a todo list with tests");
      for (const t of plan.tasks.slice(0, 2)) await runTask({ model, root, goal: plan.goal, task: t });
      const qa = plan.tasks.find((t) => t.role === "qa")!;
      const third = await runTask({ model, root, goal: plan.goal, task: qa, attempt: 3 });
      expect(third.ending.tool).toBe("ask_human");
      expect(String(third.ending.input.question)).toMatch(/still fail after 2 returns to backend/);
      const answered = await runTask({ model, root, goal: plan.goal, task: qa, attempt: 4, feedback: ["Answer from Ada: please send it back to the backend"] });
      expect(answered.ending).toMatchObject({ tool: "handoff", input: { toRole: "backend", kind: "return" } });
    },
    TIMEOUT,
  );
});
