// `npm test`: every suite in order (unit → integration-pglite → integration-pg → e2e), a summary
// table, and as the very last line `N passed, N failed[, N skipped]`. Exit code 1 if anything failed.
//   npm test -- unit                  one suite (names below; `integration` = both integration suites)
//   npm test -- unit server/llm       extra arguments go to vitest / playwright as filters
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

type SuiteName = "unit" | "integration-pglite" | "integration-pg" | "e2e";
type Outcome = "passed" | "failed" | "crashed" | "skipped";
type Result = {
  suite: SuiteName;
  outcome: Outcome;
  passed: number;
  failed: number;
  skipped: number;
  ms: number;
  note?: string;
};

const SUITES: SuiteName[] = ["unit", "integration-pglite", "integration-pg", "e2e"];
const ALIASES: Record<string, SuiteName[]> = { integration: ["integration-pglite", "integration-pg"] };
const root = join(import.meta.dirname, "..");
const reportDir = join(root, "test-results", "reports");
const bin = {
  vitest: join(root, "node_modules", "vitest", "vitest.mjs"),
  playwright: join(root, "node_modules", "@playwright", "test", "cli.js"),
};

function parseArgs(argv: string[]): { suites: SuiteName[]; passThrough: string[] } {
  const picked = new Set<SuiteName>();
  const passThrough: string[] = [];
  for (const arg of argv) {
    if (arg === "--help" || arg === "-h") {
      console.log(`usage: npm test [-- <suite>... [filters...]]\nsuites: ${SUITES.join(", ")}, integration`);
      process.exit(0);
    }
    const named = ALIASES[arg] ?? (SUITES.includes(arg as SuiteName) ? [arg as SuiteName] : null);
    if (named && passThrough.length === 0) named.forEach((s) => picked.add(s));
    else passThrough.push(arg);
  }
  return { suites: picked.size ? SUITES.filter((s) => picked.has(s)) : SUITES, passThrough };
}

let current: ReturnType<typeof spawn> | null = null;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    current?.kill(signal);
    process.exit(130);
  });
}

function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: "inherit" });
    current = child;
    child.on("error", (error) => {
      console.error(error);
      resolve({ code: null, signal: "spawn-error" });
    });
    child.on("exit", (code, signal) => {
      current = null;
      resolve({ code, signal });
    });
  });
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

type Counts = {
  passed: number;
  failed: number;
  skipped: number;
  /** Test files that failed without a failing test: import errors, failing hooks. */
  crashedFiles?: number;
  /** Errors outside any test file: global setup, config. */
  globalErrors?: number;
  /** The runner itself said it found no tests (Playwright exits 1 for that). */
  noTestsFound?: boolean;
};

// A suite is green only if the runner exited 0, wrote its report, found at least one test and none failed.
function judge(suite: SuiteName, ms: number, exit: { code: number | null; signal: string | null }, counts: Counts | null): Result {
  const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
  if (!counts) return { suite, outcome: "crashed", passed: 0, failed: 1, skipped: 0, ms, note: `no report (${how})` };
  const { passed, skipped, crashedFiles = 0, globalErrors = 0 } = counts;
  const notes: string[] = [];
  let failed = counts.failed + crashedFiles + globalErrors;
  let outcome: Outcome = counts.failed > 0 ? "failed" : failed > 0 ? "crashed" : "passed";
  if (crashedFiles) notes.push(`${crashedFiles} file(s) failed to load or run`);
  if (globalErrors) notes.push(`${globalErrors} error(s) outside tests (global setup or config)`);
  if (passed + counts.failed + skipped === 0 && failed === 0) {
    failed = 1;
    const none = exit.code === 0 || counts.noTestsFound;
    outcome = none ? "failed" : "crashed";
    notes.push(none ? "no tests found" : `${how} before any test ran (see the error above)`);
  }
  if (exit.code !== 0 && failed === 0) {
    failed = 1;
    outcome = "crashed";
    notes.push(`${how} with no failing test (unhandled error?)`);
  }
  return { suite, outcome, passed, failed, skipped, ms, note: notes.join("; ") || undefined };
}

type VitestJson = {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { status: string; assertionResults: { status: string }[] }[];
};

async function runVitest(suite: SuiteName, filters: string[]): Promise<Result> {
  const report = join(reportDir, `${suite}.json`);
  rmSync(report, { force: true });
  const started = Date.now();
  const exit = await run([
    bin.vitest,
    "run",
    "--project",
    suite,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
    // Zero tests is judged (as a failure) here, with a clear message, not by vitest.
    "--passWithNoTests",
    ...filters,
  ]);
  const json = readJson(report) as VitestJson | null;
  const counts = json && {
    passed: json.numPassedTests,
    failed: json.numFailedTests,
    skipped: json.numPendingTests + json.numTodoTests,
    // A file that throws on import or in a hook fails without any failed test.
    crashedFiles: json.testResults.filter(
      (f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed"),
    ).length,
  };
  return judge(suite, Date.now() - started, exit, counts);
}

type PlaywrightJson = {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  errors?: { message?: string }[];
};

const NO_TESTS = /No tests found/;

async function runPlaywright(filters: string[]): Promise<Result> {
  const report = join(reportDir, "e2e.json");
  rmSync(report, { force: true });
  const started = Date.now();
  const exit = await run([bin.playwright, "test", ...filters], { ...process.env, AIOS_E2E_JSON_REPORT: report });
  const json = readJson(report) as PlaywrightJson | null;
  const counts = json && {
    passed: json.stats.expected + json.stats.flaky,
    failed: json.stats.unexpected,
    skipped: json.stats.skipped,
    // Errors outside any test: global setup (the build), config, or a spec file that does not load.
    globalErrors: json.errors?.filter((e) => !NO_TESTS.test(e.message ?? "")).length ?? 0,
    noTestsFound: json.errors?.some((e) => NO_TESTS.test(e.message ?? "")),
  };
  const result = judge("e2e", Date.now() - started, exit, counts);
  if (json?.stats.flaky) result.note = [result.note, `${json.stats.flaky} flaky (passed on retry)`].filter(Boolean).join("; ");
  return result;
}

function skipPg(results: Result[]): Result {
  if (process.env.CI) {
    console.log("\nintegration-pg: FAILED — AIOS_TEST_DATABASE_URL is not set (CI must provide the native-Postgres database)\n");
    return { suite: "integration-pg", outcome: "failed", passed: 0, failed: 1, skipped: 0, ms: 0, note: "AIOS_TEST_DATABASE_URL is not set" };
  }
  const msg =
    "integration-pg: skipped — AIOS_TEST_DATABASE_URL is not set (set it to a Postgres database with pgvector to run the native-Postgres suite)";
  console.log(`\n${msg}\n`);
  // Same files as integration-pglite: count the tests that did not run, or 1 if that suite did not run either.
  const pglite = results.find((r) => r.suite === "integration-pglite" && r.outcome !== "crashed");
  const count = pglite ? pglite.passed + pglite.failed + pglite.skipped : 0;
  return {
    suite: "integration-pg",
    outcome: "skipped",
    passed: 0,
    failed: 0,
    skipped: Math.max(count, 1),
    ms: 0,
    note: "AIOS_TEST_DATABASE_URL is not set",
  };
}

const chromiumPath = process.env.AIOS_CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Without a browser the e2e suite cannot run. On a developer's fresh machine that is a skip with the
 * reason; in CI (which installs Chromium first) it is a failure, so the suite can never silently vanish.
 */
function skipE2e(): Result {
  const how = `apt-get install chromium, or set AIOS_CHROMIUM_PATH`;
  if (process.env.CI) {
    console.log(`\ne2e: FAILED — no browser at ${chromiumPath} (CI must install it: ${how})\n`);
    return { suite: "e2e", outcome: "failed", passed: 0, failed: 1, skipped: 0, ms: 0, note: `no browser at ${chromiumPath}` };
  }
  console.log(`\ne2e: skipped — no browser at ${chromiumPath} (${how} to run the browser tests)\n`);
  return { suite: "e2e", outcome: "skipped", passed: 0, failed: 0, skipped: countE2eTests(), ms: 0, note: `no browser at ${chromiumPath}` };
}

/** How many e2e tests did not run (Playwright lists them without a browser), at least 1. */
function countE2eTests(): number {
  const listed = spawnSync(process.execPath, [bin.playwright, "test", "--list", "--reporter=json"], { cwd: root, encoding: "utf8" });
  const json = (() => {
    try {
      return JSON.parse(listed.stdout) as { stats?: { expected?: number; skipped?: number } } | null;
    } catch {
      return null;
    }
  })();
  const count = json?.stats ? (json.stats.expected ?? 0) + (json.stats.skipped ?? 0) : 0;
  return Math.max(count, 1);
}

function duration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")}s`;
}

function printSummary(results: Result[], totalMs: number): void {
  const rows = [
    ["suite", "result", "passed", "failed", "skipped", "time", "note"],
    ...results.map((r) => [
      r.suite,
      r.outcome === "passed" ? "passed" : r.outcome.toUpperCase(),
      String(r.passed),
      String(r.failed),
      String(r.skipped),
      r.outcome === "skipped" ? "-" : duration(r.ms),
      r.note ?? "",
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i >= 2 && i <= 5 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ").trimEnd();
  console.log(`\n${"=".repeat(20)} test summary (${duration(totalMs)}) ${"=".repeat(20)}`);
  console.log(line(rows[0]!));
  for (const row of rows.slice(1)) console.log(line(row));
  console.log(`reports: ${reportDir}`);
}

async function main(): Promise<void> {
  const { suites, passThrough } = parseArgs(process.argv.slice(2));
  mkdirSync(reportDir, { recursive: true });
  const started = Date.now();
  const results: Result[] = [];
  for (const suite of suites) {
    console.log(`\n${"=".repeat(20)} ${suite} ${"=".repeat(20)}`);
    if (suite === "integration-pg" && !process.env.AIOS_TEST_DATABASE_URL?.trim()) results.push(skipPg(results));
    else if (suite === "e2e") results.push(existsSync(chromiumPath) ? await runPlaywright(passThrough) : skipE2e());
    else results.push(await runVitest(suite, passThrough));
  }
  printSummary(results, Date.now() - started);

  const sum = (key: "passed" | "failed" | "skipped") => results.reduce((n, r) => n + r[key], 0);
  const [passed, failed, skipped] = [sum("passed"), sum("failed"), sum("skipped")];
  // Must stay the last line printed (CI reads it).
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  console.log("0 passed, 1 failed");
  process.exitCode = 1;
});
