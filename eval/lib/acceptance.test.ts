import { describe, expect, it } from "vitest";
import { parseTap } from "./acceptance";
import { KINDS, loadSuite } from "./suite";

// What node:test (Node 20) prints with --test-reporter=tap, trimmed to the parts parseTap reads.
const TAP = `TAP version 13
# Subtest: parseDuration reads units
not ok 1 - parseDuration reads units
  ---
  duration_ms: 0.58
  failureType: 'hookFailed'
  error: 'lib/duration.js doesn''t exist in the project'
  code: 'ERR_TEST_FAILURE'
  ...
# Subtest: a suite
    # Subtest: inner
    not ok 1 - inner
      ---
      error: |-
        Expected values to be strictly equal:

        1 !== 2
      ...
not ok 2 - a suite
  ---
  error: '1 subtest failed'
  ...
# Subtest: fine
ok 3 - fine
1..3
# tests 4
# suites 0
# pass 1
# fail 2
`;

describe("acceptance verdicts", () => {
  it("reads the counts and names each failing test with the first line of its error", () => {
    expect(parseTap(TAP)).toEqual({
      tests: 4,
      failed: 2,
      failures: ["parseDuration reads units: lib/duration.js doesn't exist in the project", "inner: Expected values to be strictly equal:"],
    });
    expect(parseTap("no tap at all")).toEqual({ tests: 0, failed: 0, failures: [] });
  });
});

describe("the suite", () => {
  it("has the three demos and at least one task of every other kind, each with its own acceptance tests", () => {
    const suite = loadSuite();
    expect(suite.length).toBeGreaterThanOrEqual(10);
    expect(suite.filter((t) => t.kind === "demo").map((t) => t.id)).toEqual(["csv-to-json", "stock-dashboard", "todo-api"]);
    for (const kind of KINDS) expect(suite.some((t) => t.kind === kind), kind).toBe(true);
    for (const t of suite) expect(t.acceptance.length, t.id).toBeGreaterThan(0);
    expect(suite.find((t) => t.kind === "bug-fix")!.seedDir).toBeTruthy();
    expect(suite.find((t) => t.kind === "change-request")!.before).toBeTruthy();
  });
});
