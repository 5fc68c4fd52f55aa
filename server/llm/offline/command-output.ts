import "server-only";
import type { Outcome } from "./prompt";

// Reading what a command printed: the exit code, and for `node --test` the counts and the failing tests
// (TAP, the default when output is not a terminal, and the spec reporter).

export type CommandResult = {
  /** False when the command never ran (waiting for approval, tool refused). */
  ran: boolean;
  exitCode: number | null;
  timedOut: boolean;
  passed: boolean;
  output: string;
};

export type TestFailure = { name: string; message: string; /** The test file, relative ("test/qa.test.js"), when the output says. */ file?: string };

export type TestReport = { pass: number | null; fail: number | null; failures: TestFailure[] };

export function readCommand(result: Outcome): CommandResult {
  const text = result.text;
  const code = /\bexit(?:ed with)? code:?\s*(-?\d+)/i.exec(text) ?? /"exitCode"\s*:\s*(-?\d+)/.exec(text);
  const timedOut = /\btimed out\b/i.test(text);
  const killed = /\bkilled by\b/i.test(text);
  const exitCode = code ? Number(code[1]) : null;
  const ran = exitCode !== null || timedOut || killed;
  return { ran, exitCode, timedOut, passed: ran && exitCode === 0 && result.ok, output: text };
}

const FILE_LIKE = /(^|\/)[^/\s]+\.(c|m)?js$/;

export function readTestReport(output: string): TestReport {
  const count = (name: string) => {
    const m = new RegExp(`^(?:#|ℹ)\\s*${name}\\s+(\\d+)\\s*$`, "m").exec(output);
    return m ? Number(m[1]) : null;
  };
  const failures: TestFailure[] = [];
  const seen = new Set<string>();
  const lines = output.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const tap = /^\s*not ok \d+ - (.+?)\s*(#.*)?$/.exec(line);
    const spec = /^\s*✖ (.+?)(?: \(\d+(?:\.\d+)?m?s\))?$/.exec(line);
    const name = (tap?.[1] ?? spec?.[1])?.trim();
    if (!name || FILE_LIKE.test(name) || /^failing tests:?$/i.test(name)) continue;
    const file = tap ? tapLocation(lines, i + 1) : (specLocation(lines, i) ?? stackLocation(lines, i + 1));
    if (seen.has(name)) {
      // The spec reporter repeats failures in a summary, where it also says which file they are in.
      const earlier = failures.find((f) => f.name === name);
      if (earlier && !earlier.file && file) earlier.file = file;
      continue;
    }
    seen.add(name);
    failures.push({ name, message: tap ? tapMessage(lines, i + 1) : specMessage(lines, i + 1), ...(file ? { file } : {}) });
  }
  // Suites and files that fail because a test inside them failed add nothing: keep the innermost.
  const inner = failures.filter((f) => !/^(test|tests)\/|\.test\.(c|m)?js$/.test(f.name));
  return { pass: count("pass"), fail: count("fail"), failures: inner.length ? inner : failures };
}

// "location: '/work/x/test/qa.test.js:27:1'" inside the YAML block of a failed TAP test.
function tapLocation(lines: string[], from: number): string | undefined {
  for (let i = from; i < Math.min(lines.length, from + 12); i++) {
    if (/^\s*(not )?ok \d+/.test(lines[i]!)) break;
    const m = /^\s*location:\s*'?(.+?):\d+:\d+'?\s*$/.exec(lines[i]!);
    if (m) return relativeTestPath(m[1]!);
  }
  return undefined;
}

// The spec reporter prints "test at test/qa.test.js:35:1" just before a failure's ✖ line.
function specLocation(lines: string[], at: number): string | undefined {
  const m = /^\s*test at (.+?):\d+:\d+\s*$/.exec(lines[at - 1] ?? "");
  return m ? relativeTestPath(m[1]!) : undefined;
}

// "at TestContext.<anonymous> (file:///work/x/test/qa.test.js:32:10)" in a spec failure's stack.
function stackLocation(lines: string[], from: number): string | undefined {
  for (let i = from; i < Math.min(lines.length, from + 12); i++) {
    const m = /^\s*at (?:async )?TestContext\.<anonymous> \((.+?):\d+:\d+\)\s*$/.exec(lines[i]!);
    if (m) return relativeTestPath(m[1]!);
  }
  return undefined;
}

function relativeTestPath(path: string): string {
  const p = path.replace(/^file:\/\//, "");
  const m = /(?:^|\/)((?:test|tests|qa|spec)\/.+)$/.exec(p);
  return m ? m[1]! : p.split("/").at(-1)!;
}

function tapMessage(lines: string[], from: number): string {
  for (let i = from; i < Math.min(lines.length, from + 40); i++) {
    const l = lines[i]!;
    if (/^\s*(not )?ok \d+/.test(l)) break;
    const m = /^\s*error:\s*(.*)$/.exec(l);
    if (!m) continue;
    const first = m[1]!.trim();
    if (first === "|-" || first === "|" || first === ">-") {
      const indent = /^\s*/.exec(lines[i + 1] ?? "")?.[0].length ?? 0;
      const body: string[] = [];
      for (let j = i + 1; j < lines.length; j++) {
        const b = lines[j]!;
        if (b.trim() && (/^\s*/.exec(b)?.[0].length ?? 0) < indent) break;
        body.push(b.trim());
      }
      return tidy(body.join("\n"));
    }
    return tidy(first.replace(/^'(.*)'$/, "$1").replace(/''/g, "'"));
  }
  return "";
}

function specMessage(lines: string[], from: number): string {
  const body: string[] = [];
  for (let i = from; i < Math.min(lines.length, from + 20); i++) {
    const l = lines[i]!.trim();
    if (/^at /.test(l) || /^✖|^✔|^ℹ/.test(l) || /^\w+: '/.test(l) || l === "}") break;
    body.push(l.replace(/^AssertionError \[ERR_ASSERTION\]:\s*/, ""));
  }
  return tidy(body.join("\n"));
}

function tidy(message: string): string {
  return message
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .join(" ")
    .slice(0, 300);
}
