import "server-only";
import type { CriterionVerdict } from "@/lib/agent-tools";
import { readCommand, readTestReport, type CommandResult, type TestReport } from "../command-output";
import type { Defect, TaskDef, Template } from "../templates";
import { NODE_TEST } from "../templates/types";
import { clip } from "../text";
import { answers, returnedReasons, type Brief } from "./brief";
import { call, type Ending, type Script } from "./script";
import { applyOps, denied, describeCheck, describeTests, firstLine, listedPaths, listOf, runChecked, type CheckReport, type FileOp, type OpsReport } from "./steps";

// How each kind of task is carried out. Every branch below is taken on what the tools returned.

type Ran = { command: string; passed: boolean; ran?: boolean };
const norm = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();

/**
 * A verdict per acceptance criterion of the brief (the task as approved): met only when the check the
 * template names for it passed in this run, with that command as the evidence. A criterion the
 * template does not know (edited on the plan card, or another model's plan) is not claimed.
 */
export function verdicts(b: Brief, task: Pick<TaskDef, "criteria" | "checks"> | null, ran: Ran[]): CriterionVerdict[] {
  return b.criteria.map((criterion) => {
    const i = task ? task.criteria.findIndex((c) => norm(c) === norm(criterion)) : -1;
    if (!task || i < 0) return { criterion, met: false, evidence: "The offline demo model has no check for this criterion: it is not one of its template's." };
    const mapped = task.checks.findIndex((c) => c.proves?.includes(i));
    const r = ran[mapped >= 0 ? mapped : task.checks.length - 1];
    if (!r) return { criterion, met: false, evidence: "No check ran for it." };
    if (r.passed) return { criterion, met: true, evidence: r.command };
    return { criterion, met: false, evidence: r.ran === false ? `\`${r.command}\` did not run.` : `\`${r.command}\` did not pass.` };
  });
}

function opsSentence(r: OpsReport): string {
  const failed = r.failed.map((f) => `${f.path} (${f.error})`);
  return failed.length ? ` I could not write ${listOf(failed)}.` : "";
}

const withDefects = (ops: FileOp[], defects: Defect[]): FileOp[] =>
  ops.map((op) => {
    if (op.kind !== "write") return op;
    const content = defects.filter((d) => d.path === op.path).reduce((c, d) => c.replace(d.fixed, d.buggy), op.content);
    return { ...op, content };
  });

/** Write the task's files, run its checks (with one fix attempt each), finish with what happened. */
export function* buildFlow(b: Brief, task: TaskDef, t: Template, opts: { listed?: boolean; ops?: FileOp[]; lead?: string; known?: boolean } = {}): Script {
  if (!opts.listed) yield call("list_files", {});
  // A first draft is written as the template's author first wrote it, bugs included (see Defect).
  const ops = opts.ops ?? withDefects(task.ops, t.defects);
  const written = yield* applyOps(ops);
  const checks: CheckReport[] = [];
  for (const check of task.checks) checks.push(yield* runChecked(check, t.files, task.ownTests));
  const sentences = checks.map(describeCheck);
  // Written files that failed leave the task unfinished, whatever the checks say.
  const ran = checks.map((c) => ({ command: c.command, passed: c.passed && written.failed.length === 0, ran: c.ran }));
  return finish(`${opts.lead ?? task.done}${opsSentence(written)}${sentences.length ? ` ${sentences.join(" ")}` : ""}`, verdicts(b, opts.known === false ? null : task, ran));
}

/**
 * The task came back (QA or a person returned it): read the files the reason points at, fix what is wrong
 * (patch a known first-draft bug, or restore a file that no longer matches the working version), re-run
 * the tests, and say what was found.
 */
export function* fixFlow(b: Brief, task: TaskDef, t: Template): Script {
  const reason = returnedReasons(b).at(-1)!;
  const own = task.ops.map((op) => op.path);
  const defects = t.defects.filter((d) => own.includes(d.path)).sort((x, y) => Number(y.symptom.test(reason.text)) - Number(x.symptom.test(reason.text)));
  const mentioned = own.filter((p) => reason.text.includes(p) && !/(^|\/)test\//.test(p));
  const sources = own.filter((p) => !/(^|\/)(test|tests)\//.test(p) && /\.(c|m)?js$/.test(p));
  const paths = [...new Set([...defects.map((d) => d.path), ...mentioned, ...(defects.length ? [] : sources)])];

  const fixed: string[] = [];
  const restored: string[] = [];
  for (const path of paths) {
    const current = yield call("read_file", { path });
    const known = t.files[path];
    const bugs = defects.filter((d) => d.path === path && current.ok && current.text.includes(d.buggy));
    for (const d of bugs) {
      const r = yield call("patch_file", { path, find: d.buggy, replace: d.fixed });
      if (r.ok) fixed.push(`${path}: ${d.explanation}`);
    }
    if (!bugs.length && known !== undefined && (!current.ok || (!defects.some((d) => d.path === path) && current.text.trim() !== known.trim()))) {
      const r = yield call("write_file", { path, content: known });
      if (r.ok) restored.push(path);
    }
  }
  const reports: CheckReport[] = [];
  for (const c of task.checks.length ? task.checks : [NODE_TEST]) reports.push(yield* runChecked(c, t.files, task.ownTests));
  const check = reports.at(-1)!;
  const what = fixed.length
    ? `Fixed the bug ${reason.from} reported — ${fixed.join("; ")}.`
    : restored.length
      ? `${listOf(restored)} no longer matched the working version; I restored ${restored.length === 1 ? "it" : "them"}.`
      : `I read ${listOf(paths)} and found nothing wrong in ${paths.length === 1 ? "it" : "them"}.`;
  // Quote the first failing test when the reason lists them (QA's format), else its first line.
  const quoted = reason.text.split("\n").find((l) => l.startsWith('- "'))?.slice(2) ?? firstLine(reason.text);
  const others = reports.slice(0, -1).filter((r) => !r.passed).map(describeCheck);
  const ran = reports.map((r) => ({ command: r.command, passed: r.passed, ran: r.ran }));
  return finish(`Returned by ${reason.from}: ${clip(quoted, 300).replace(/\.?$/, ".")} ${what} ${[...others, describeCheck(check)].join(" ")}`, verdicts(b, task.checks.length ? task : { ...task, checks: [NODE_TEST] }, ran));
}

function ownerOf(report: TestReport | null, t: Template, fallback: string): string {
  const counts = new Map<string, number>();
  for (const f of report?.failures ?? []) {
    const role = (f.file && t.owners[f.file]) ?? fallback;
    counts.set(role, (counts.get(role) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? fallback;
}

function qaReason(command: string, c: CommandResult, report: TestReport | null, expectation?: string): string {
  const count = describeTests(report);
  const lines = (report?.failures ?? []).slice(0, 5).map((f) => `- "${f.name}"${f.file ? ` (${f.file})` : ""}: ${f.message || "failed"}`);
  const head = `\`${command}\` failed (exit code ${c.exitCode ?? "?"})${count ? `: ${count}` : ""}.`;
  const body = lines.length ? lines.join("\n") : expectation ? `Expected ${expectation}, but the output was: ${clip(firstLine(c.output.split("\n").slice(2).join("\n")) || c.output, 300)}` : clip(c.output.split("\n").slice(1, 12).join("\n"), 600);
  return `${head}\n${body}\nPlease fix the code (not the tests) and run \`node --test\` again.`;
}

/**
 * QA: write the acceptance tests, run the suite and the task's checks, read the results. Anything
 * failing goes back to the role that owns it with the failing test and message from the output.
 */
export function* qaFlow(b: Brief, task: TaskDef, t: Template, opts: { listed?: boolean; known?: boolean } = {}): Script {
  if (!opts.listed) yield call("list_files", {});
  const written = yield* applyOps(task.ops);
  const passed: string[] = [];
  const ran: Ran[] = [];
  const judged = opts.known === false ? null : task;
  for (const check of task.checks) {
    let r = yield call("run_command", { command: check.command });
    if (r.unavailable) return finish(`${task.done}${opsSentence(written)} I could not run \`${check.command}\`: this agent has no run_command tool, so nothing is verified.`, verdicts(b, judged, ran));
    let c = readCommand(r);
    if (!c.ran && !denied(r)) {
      r = yield call("run_command", { command: check.command, timeoutSeconds: 300 });
      c = readCommand(r);
    }
    if (!c.ran) return finish(`${task.done}${opsSentence(written)} \`${check.command}\` did not run (${firstLine(c.output)}), so nothing is verified yet.`, verdicts(b, judged, ran));
    const report = /node --test/.test(check.command) ? readTestReport(c.output) : null;
    const meets = !check.expect || check.expect.pattern.test(c.output);
    if (c.passed && meets) {
      passed.push(report ? `\`${check.command}\`: ${describeTests(report)}` : `\`${check.command}\`${check.expect ? ` (${check.expect.meaning})` : ""}`);
      ran.push({ command: check.command, passed: written.failed.length === 0 });
      continue;
    }
    const reason = qaReason(check.command, c, report, check.expect?.meaning);
    const role = ownerOf(report, t, "backend");
    return escalate(b, role, reason);
  }
  return finish(`${task.done}${opsSentence(written)}${passed.length ? ` Passed: ${passed.join("; ")}.` : " There was nothing to run yet (no package.json)."}`, verdicts(b, judged, ran));
}

/** Hand a failure back; after repeated returns, ask a person what to do instead of looping. */
function escalate(b: Brief, role: string, reason: string): Ending {
  const answer = answers(b).at(-1);
  if (answer) {
    if (/\b(back|return|fix|again|retry)\b/i.test(answer.text)) return { tool: "handoff", toRole: role, kind: "return", reason: clip(reason, 3900) };
    return finish(`Still failing, and ${answer.from} answered: "${clip(answer.text, 300)}". Finishing as asked. ${clip(reason, 2000)}`, b.criteria.map((criterion) => ({ criterion, met: false, evidence: "The tests still fail; finished as a person asked." })));
  }
  if (b.attempt >= 3) {
    return { tool: "ask_human", question: clip(`The tests still fail after ${b.attempt - 1} returns to ${role}. Should I hand it back again, or accept it as it is?\n${reason}`, 1990) };
  }
  return { tool: "handoff", toRole: role, kind: "return", reason: clip(reason, 3900) };
}

/**
 * A task the template does not know (a change request, or a plan written by another model). Build any
 * of the template's files for this role that are missing; otherwise record the change as a spec and
 * re-verify the project, and say plainly that the offline model did not implement it.
 */
export function* fallbackFlow(b: Brief, t: Template): Script {
  const listing = yield call("list_files", {});
  const present = listedPaths(listing);
  if (b.role === "qa") {
    const qa = t.tasks.find((x) => x.role === "qa");
    const ops = (qa?.ops ?? []).filter((op) => !present.has(op.path));
    const task: TaskDef = {
      ...(qa ?? { key: b.taskKey, role: "qa", dependsOn: [], criteria: [], ownTests: [] }),
      title: b.title,
      description: b.description,
      ops,
      checks: present.has("package.json") || ops.length ? [NODE_TEST] : [],
      done: ops.length ? `Added the acceptance tests that were missing (${listOf(ops.map((o) => o.path))}) and ran the suite for "${b.title}".` : `Re-verified the project for "${b.title}".`,
    } as TaskDef;
    return yield* qaFlow(b, task, t, { listed: true, known: false });
  }
  const mine = t.tasks.filter((x) => x.role === b.role);
  const missing = mine.flatMap((x) => x.ops).filter((op) => !present.has(op.path));
  if (missing.length && mine.length) {
    const source = mine.find((x) => x.ops.some((op) => missing.includes(op)))!;
    const task: TaskDef = { ...source, ops: missing, checks: mine.flatMap((x) => x.checks).filter((c, i, all) => all.findIndex((o) => o.command === c.command) === i) };
    return yield* buildFlow(b, task, t, { listed: true, known: false, ops: withDefects(missing, t.defects), lead: `For "${b.title}" I built the ${b.role} part of ${t.name} that was missing: ${listOf(missing.map((o) => o.path))}.` });
  }
  return yield* changeFlow(b, t, present);
}

function changeNote(b: Brief, t: Template): string {
  const likely = [...new Set(t.tasks.filter((x) => x.role === b.role).flatMap((x) => x.ops.map((op) => op.path)))].filter((p) => !p.endsWith(".md"));
  return `# ${b.title}

Requested change for ${t.name} (${b.role} task \`${b.taskKey}\`).

${b.description || b.title}

## Acceptance criteria

${(b.criteria.length ? b.criteria : ["The change works as described", "node --test passes"]).map((c) => `- [ ] ${c}`).join("\n")}

## Where it lands

${likely.length ? likely.map((p) => `- \`${p}\``).join("\n") : "- (no existing files of this role)"}

## Status

Specified, not implemented. The offline demo model builds the projects it has templates for but cannot
write arbitrary new features; with a real model configured, run this task again to implement it.
`;
}

export function* changeFlow(b: Brief, t: Template, present: Set<string>): Script {
  const path = `docs/changes/${b.taskKey}.md`;
  const written = yield* applyOps([{ kind: "write", path, content: changeNote(b, t) }]);
  const check = present.has("package.json") && b.role !== "researcher" ? yield* runChecked(NODE_TEST, t.files) : null;
  const recorded = written.changed.length ? `Recorded "${b.title}" as a change spec in ${path} (acceptance criteria, files it touches).` : `I could not record the change (${written.failed[0]?.error ?? "write failed"}).`;
  const notDone = b.criteria.map((criterion) => ({ criterion, met: false, evidence: `Not implemented: only specified in ${path}.` }));
  return finish(`${recorded} I did not implement it: the offline demo model only builds the projects it has templates for, so this needs a real model.${check ? ` ${describeCheck(check)}` : ""}`, notDone);
}

export const finish = (summary: string, criteria: CriterionVerdict[] = []): Ending => ({ tool: "finish", summary: clip(summary, 3990), criteria });

