import "server-only";
import { readCommand, readTestReport, type CommandResult, type TestReport } from "../command-output";
import { call, type Call, type Result } from "./script";

// Building blocks the task scripts share: writing files (and patching them safely), running a command
// with one honest attempt at a fix when it fails, and reading the results into sentences.

export type FileOp =
  | { kind: "write"; path: string; content: string }
  /** Replace `find` by `replace`; when the file is missing or differs, write `full` (the known-good file). */
  | { kind: "patch"; path: string; find: string; replace: string; full: string };

export type Gen<T> = Generator<Call, T, Result>;

export type OpsReport = { changed: string[]; unchanged: string[]; failed: { path: string; error: string }[] };

export function* applyOps(ops: FileOp[]): Gen<OpsReport> {
  const report: OpsReport = { changed: [], unchanged: [], failed: [] };
  for (const op of ops) {
    if (op.kind === "write") {
      let r = yield call("write_file", { path: op.path, content: op.content });
      // One retry: a refused write (a transient lock, a full disk) is worth exactly one more try.
      if (!r.ok && !r.unavailable) r = yield call("write_file", { path: op.path, content: op.content });
      if (r.ok) report.changed.push(op.path);
      else report.failed.push({ path: op.path, error: firstLine(r.text) });
      continue;
    }
    const current = yield call("read_file", { path: op.path });
    if (current.ok && current.text.includes(op.replace)) {
      report.unchanged.push(op.path);
      continue;
    }
    const r =
      current.ok && current.text.includes(op.find)
        ? yield call("patch_file", { path: op.path, find: op.find, replace: op.replace })
        : yield call("write_file", { path: op.path, content: op.full });
    if (r.ok) report.changed.push(op.path);
    else report.failed.push({ path: op.path, error: firstLine(r.text) });
  }
  return report;
}

export type Check = {
  command: string;
  /** Extra proof the command did what it should (e.g. the CLI printed JSON). */
  expect?: { pattern: RegExp; meaning: string };
  /** The task's acceptance criteria (by index) this check is the evidence for; the rest rest on the task's last check. */
  proves?: number[];
};

export type CheckReport = {
  command: string;
  ran: boolean;
  passed: boolean;
  result: CommandResult | null;
  tests: TestReport | null;
  /** What was tried after a failure, as a sentence ("rewrote src/store.js"), if anything. */
  fix: string | null;
  /** The first failure's result and tests when a fix was tried (for the summary). */
  firstFailure: CommandResult | null;
  firstTests: TestReport | null;
  /** The second run covered only this task's own tests. */
  narrowed: boolean;
  unavailable: boolean;
};

/**
 * Runs a command. On failure, reads the output and tries one fix: restore a file the error points at
 * (from `known`, the files this project should contain), repair package.json for module errors, retry
 * a flaky port or timeout, or narrow `node --test` to `ownTests` to tell this task's failures from others'.
 */
export function* runChecked(check: Check, known: Record<string, string>, ownTests: string[] = []): Gen<CheckReport> {
  let r = yield call("run_command", { command: check.command });
  if (r.unavailable) return blank(check.command, true);
  let result = readCommand(r);
  // Not run (the tool refused it): ask once more, then report it as not run. A person's denial is final.
  if (!result.ran && !denied(r)) {
    r = yield call("run_command", { command: check.command, timeoutSeconds: 300 });
    result = readCommand(r);
    if (!result.ran) return { ...blank(check.command, false), result };
  }
  if (!result.ran) return { ...blank(check.command, false), result };
  const ok = (c: CommandResult) => c.passed && (!check.expect || check.expect.pattern.test(c.output));
  const tests = (c: CommandResult) => (/node --test/.test(check.command) ? readTestReport(c.output) : null);
  if (ok(result)) return { command: check.command, ran: true, passed: true, result, tests: tests(result), fix: null, firstFailure: null, firstTests: null, narrowed: false, unavailable: false };

  const plan = diagnose(result, known, check.command, ownTests);
  for (const c of plan.calls) yield c;
  const again = readCommand(yield call("run_command", { command: plan.command }));
  const narrowed = plan.command !== check.command;
  return {
    command: plan.command,
    ran: again.ran,
    // A narrowed run proves only this task's part; the full command still failed.
    passed: ok(again) && !narrowed,
    result: again,
    tests: /node --test/.test(plan.command) ? readTestReport(again.output) : null,
    fix: plan.what,
    firstFailure: result,
    firstTests: tests(result),
    narrowed,
    unavailable: false,
  };
}

/** A person denied the command (the runner's result for a denial says so). */
export const denied = (r: Result) => !r.ok && /\bdenied\b/i.test(r.text);

function blank(command: string, unavailable: boolean): CheckReport {
  return { command, ran: false, passed: false, result: null, tests: null, fix: null, firstFailure: null, firstTests: null, narrowed: false, unavailable };
}

type FixPlan = { calls: Call[]; command: string; what: string };

export function diagnose(result: CommandResult, known: Record<string, string>, command: string, ownTests: string[]): FixPlan {
  const out = result.output;
  const knownPath = (mentioned: string) => Object.keys(known).find((p) => mentioned === p || mentioned.endsWith(`/${p}`));
  const missing = /Cannot find module '([^']+)'|ERR_MODULE_NOT_FOUND[^\n]*?'([^']+)'/.exec(out);
  const missingPath = missing && knownPath((missing[1] ?? missing[2])!.replace(/^file:\/\//, ""));
  if (missingPath) {
    return { calls: [call("write_file", { path: missingPath, content: known[missingPath]! })], command, what: `restored the missing ${missingPath}` };
  }
  if (/Cannot use import statement outside a module|require is not defined in ES module scope|ERR_REQUIRE_ESM|Unexpected token 'export'/.test(out) && known["package.json"]) {
    return { calls: [call("write_file", { path: "package.json", content: known["package.json"] })], command, what: 'restored package.json ("type": "module")' };
  }
  const syntax = /([\w./-]+\.(?:c|m)?js):\d+\n[^\n]*\n[^\n]*\n\s*SyntaxError/.exec(out) ?? /SyntaxError[^\n]*\n[^\n]*?([\w./-]+\.(?:c|m)?js)/.exec(out);
  const syntaxPath = syntax && knownPath(syntax[1]!);
  if (syntaxPath) {
    return { calls: [call("write_file", { path: syntaxPath, content: known[syntaxPath]! })], command, what: `rewrote ${syntaxPath}, which had a syntax error` };
  }
  if (result.timedOut || /EADDRINUSE|ECONNRESET|ETIMEDOUT/.test(out)) return { calls: [], command, what: "ran it again (timeout or busy port)" };
  if (command === "node --test" && ownTests.length) {
    return { calls: [], command: `node --test ${ownTests.join(" ")}`, what: "ran only this task's tests to separate its failures from the rest" };
  }
  return { calls: [], command, what: "ran it again" };
}

export function firstLine(text: string): string {
  return (text.split("\n").find((l) => l.trim()) ?? "").trim().slice(0, 200);
}

export function describeTests(report: TestReport | null): string {
  if (!report || report.pass === null) return "";
  const total = report.pass + (report.fail ?? 0);
  return report.fail ? `${report.fail} of ${total} tests fail` : `all ${total} tests pass`;
}

export function describeFailures(report: TestReport | null, max = 3): string {
  if (!report?.failures.length) return "";
  return report.failures
    .slice(0, max)
    .map((f) => `"${f.name}"${f.file ? ` (${f.file})` : ""}: ${f.message || "failed"}`)
    .join("; ");
}

/** One sentence about a check, for summaries. */
export function describeCheck(c: CheckReport): string {
  if (c.unavailable) return `I could not run \`${c.command}\` (this agent has no run_command tool).`;
  if (!c.ran) return `\`${c.command}\` did not run${c.result ? `: ${firstLine(c.result.output)}` : ""}.`;
  const tests = describeTests(c.tests);
  const firstWhy = c.firstFailure ? describeFailures(c.firstTests) || firstLine(lastLines(c.firstFailure.output)) : "";
  if (c.narrowed && c.firstFailure) {
    const own = c.result?.passed ? `this task's own tests pass (\`${c.command}\`${tests ? `: ${tests}` : ""})` : `this task's own tests fail too (\`${c.command}\`: ${describeFailures(c.tests) || firstLine(lastLines(c.result?.output ?? ""))})`;
    return `The full suite fails (${describeTests(c.firstTests) || `exit code ${c.firstFailure.exitCode}`}: ${firstWhy}); ${own}.`;
  }
  const before = c.firstFailure ? `The first run failed (${firstWhy}); I ${c.fix}. ` : "";
  if (c.passed) return `${before}\`${c.command}\` passes${tests ? `: ${tests}` : ""}.`;
  const why = describeFailures(c.tests) || firstLine(lastLines(c.result?.output ?? ""));
  return `${before}\`${c.command}\` still fails (exit code ${c.result?.exitCode ?? "?"})${tests ? `: ${tests}` : ""}${why ? ` — ${why}` : ""}.`;
}

function lastLines(output: string): string {
  const err = output.split("\n").find((l) => /Error|error:|not ok|✖/.test(l));
  return err ?? output;
}

export function listOf(paths: string[]): string {
  if (paths.length <= 1) return paths.join("");
  return `${paths.slice(0, -1).join(", ")} and ${paths.at(-1)}`;
}

/** Paths from a list_files result ("path (123 B)" lines, or JSON). */
export function listedPaths(result: Result): Set<string> {
  if (!result.ok) return new Set();
  const text = result.text.trim();
  if (text.startsWith("[")) {
    try {
      const arr = JSON.parse(text) as unknown[];
      return new Set(arr.map((x) => (typeof x === "string" ? x : String((x as { path?: unknown }).path ?? ""))).filter(Boolean));
    } catch {
      // fall through to lines
    }
  }
  return new Set(
    text
      .split("\n")
      .map((l) => l.replace(/^[-*]\s+/, "").replace(/\s+\([^)]*\)\s*$/, "").trim())
      .filter((l) => l && !l.startsWith("(")),
  );
}
