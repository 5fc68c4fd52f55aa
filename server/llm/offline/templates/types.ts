import "server-only";
import type { Check, FileOp } from "../agent/steps";

/** One task of a template: what the plan says about it, and what the agent does to carry it out. */
export type TaskDef = {
  key: string;
  title: string;
  role: string;
  description: string;
  criteria: string[];
  dependsOn: string[];
  /** Files the task writes or patches, in order. QA tasks write their tests here. */
  ops: FileOp[];
  /** Commands run after the files are in place (tests, smoke checks). */
  checks: Check[];
  /** This task's own test files, to tell its failures from others' when the whole suite fails. */
  ownTests: string[];
  /** First sentence of the finish summary. */
  done: string;
};

/** A bug the first draft of a task contains on purpose, and its fix: the visible QA feedback loop. */
export type Defect = {
  path: string;
  /** Exact snippet of the correct file. */
  fixed: string;
  /** What the first draft has instead. */
  buggy: string;
  /** Matches a QA reason that points at this bug. */
  symptom: RegExp;
  explanation: string;
};

export type Template = {
  id: string;
  name: string;
  goal: string;
  summary: string;
  tasks: TaskDef[];
  /** Every file of the finished project, for restoring a file a failed command points at. */
  files: Record<string, string>;
  defects: Defect[];
  /** Test file → the role that owns the code it tests (for QA hand-backs). Default: backend. */
  owners: Record<string, string>;
};

export const write = (files: Record<string, string>, ...paths: string[]): FileOp[] =>
  paths.map((path) => {
    const content = files[path];
    if (content === undefined) throw new Error(`Template file ${path} is missing`);
    return { kind: "write", path, content };
  });

export const NODE_TEST: Check = { command: "node --test" };

// An explicit check that a document covers what its criteria ask for: every phrase is present (case
// ignored) and every "!phrase" absent; it fails naming what is not as expected. It runs in the sandbox
// like any command, so it is evidence.
const FILE_CHECK =
  "t=require('fs').readFileSync(process.argv[1],'utf8').toLowerCase();m=process.argv.slice(2).filter(w=>(w[0]=='!')==t.includes(w.replace(/^!/,'')));if(m.length)throw 'not as expected: '+m";

export function fileCheck(path: string, phrases: string[], proves?: number[]): Check {
  for (const p of [path, ...phrases]) if (/['"\\$`]/.test(p) || p !== p.toLowerCase() && p !== path) throw new Error(`fileCheck phrases are lowercase and need no quoting: ${p}`);
  return { command: `node -e "${FILE_CHECK}" ${path} ${phrases.map((p) => `'${p}'`).join(" ")}`, ...(proves ? { proves } : {}) };
}
