import { describe, expect, it } from "vitest";
import { placePatch, type PatchPlacement } from "./patch-match";
import { patchMissText, patchNote } from "./patch-messages";

/** The file after a patch, and how it was placed; throws with the model's error text when nothing applies. */
function patched(content: string, find: string, replace: string): { text: string; placed: PatchPlacement } {
  const placed = placePatch(content, find, replace);
  if ("kind" in placed) throw new Error(patchMissText("f.js", placed));
  return { text: content.slice(0, placed.start) + placed.replacement + content.slice(placed.end), placed };
}

const SRC = [
  "function add(a, b) {",
  "  return a + b;",
  "}",
  "",
  "function sub(a, b) {",
  "  return a - b;",
  "}",
  "",
  "module.exports = { add, sub };",
  "",
].join("\n");

describe("patch tiers", () => {
  it("applies an exact match as given (no regex specials)", () => {
    const { text, placed } = patched(SRC, "return a + b;", "return $& + 0;");
    expect(text).toContain("  return $& + 0;\n");
    expect(placed).toMatchObject({ tier: "exact", firstLine: 2, lastLine: 2 });
  });

  it("ignores indentation and spacing, and re-indents the replacement like the file", () => {
    const find = "function sub(a, b) {\n    return  a - b;\n}";
    const replace = "function sub(a, b) {\n    return a - b - 0;\n}";
    const { text, placed } = patched(SRC, find, replace);
    expect(placed).toMatchObject({ tier: "whitespace", firstLine: 5, lastLine: 7 });
    expect(text).toBe(SRC.replace("function sub(a, b) {\n  return a - b;\n}", "function sub(a, b) {\n    return a - b - 0;\n}"));
    expect(patchNote(placed)).toBe("The text matched at lines 5–7 once whitespace was ignored.");
  });

  it("shifts a block the model indented differently from the file", () => {
    const nested = "class A {\n  run() {\n    go();\n    stop();\n  }\n}\n";
    const { text } = patched(nested, "go();\nstop();", "go();\nwait();\nstop();");
    expect(text).toBe("class A {\n  run() {\n    go();\n    wait();\n    stop();\n  }\n}\n");
  });

  it("counts blank lines as whitespace inside a multi-line patch", () => {
    const { text, placed } = patched(SRC, "}\nfunction sub(a, b) {", "}\n\n// subtracts\nfunction sub(a, b) {");
    expect(placed).toMatchObject({ tier: "whitespace", firstLine: 3, lastLine: 5 });
    expect(text).toContain("  return a + b;\n}\n\n// subtracts\nfunction sub(a, b) {\n");
  });

  it("matches across line endings: an LF patch on a CRLF file keeps CRLF", () => {
    const crlf = "a = 1\r\nb = 2\r\nc = 3\r\n";
    const { text, placed } = patched(crlf, "a = 1\nb = 2", "a = 10\nb = 20");
    expect(placed.tier).toBe("whitespace");
    expect(text).toBe("a = 10\r\nb = 20\r\nc = 3\r\n");
  });

  it("matches a fragment within a line with different spacing", () => {
    const { text, placed } = patched(SRC, "module.exports  =  { add, sub }", "module.exports = { add }");
    expect(placed.tier).toBe("whitespace");
    expect(text).toContain("module.exports = { add };\n");
  });

  it("applies a near miss to the clearly most similar lines, saying how similar", () => {
    // The model remembered the comment and a name slightly wrong.
    const file = ["// adds two numbers", "export function addNumbers(first, second) {", "  const total = first + second;", "  return total;", "}", "", "export const VERSION = 3;", ""].join("\n");
    const find = "// add two numbers\nexport function addNumbers(first, second) {\n  const total = first + second\n  return total;\n}";
    const { text, placed } = patched(file, find, "export function addNumbers(first, second) {\n  return first + second;\n}");
    expect(placed).toMatchObject({ tier: "fuzzy", firstLine: 1, lastLine: 5 });
    expect(placed.similarity).toBeGreaterThanOrEqual(0.85);
    expect(text).toBe("export function addNumbers(first, second) {\n  return first + second;\n}\n\nexport const VERSION = 3;\n");
    expect(patchNote(placed)).toMatch(/^The text did not match exactly; it was applied to lines 1–5, which are \d+% similar\. Read the file to check the result\.$/);
  });
});

describe("refusals", () => {
  it("refuses an exact match that occurs more than once, listing the candidate lines", () => {
    const miss = placePatch(SRC, "(a, b) {", "(x) {");
    expect(miss).toMatchObject({ kind: "ambiguous", tier: "exact" });
    expect(patchMissText("f.js", miss as never)).toBe(
      'The text to find occurs 2 times in "f.js"; include more of the surrounding text so it matches exactly once. Nothing was changed.\nCandidates:\n  line 1: function add(a, b) {\n  line 5: function sub(a, b) {',
    );
  });

  it("refuses a whitespace-insensitive match in two places", () => {
    const twice = "if (x) {\n  go();\n}\nif (x) {\n    go();\n}\n";
    const miss = placePatch(twice, "if (x) {\n go();\n}", "if (y) {\n  go();\n}");
    expect(miss).toMatchObject({ kind: "ambiguous", tier: "whitespace", candidates: [{ line: 1 }, { line: 4 }] });
    expect(patchMissText("f.js", miss as never)).toMatch(/^The text to find matches 2 places in "f.js" when whitespace is ignored;/);
  });

  it("refuses a fuzzy match when two places are about equally similar, but takes a clear winner", () => {
    const file = [
      "export function readUsers(db) {",
      '  const rows = db.query("select * from users");',
      "  return rows.map(toUser);",
      "}",
      "",
      "export function readTeams(db) {",
      '  const rows = db.query("select * from teams");',
      "  return rows.map(toTeam);",
      "}",
      "",
    ].join("\n");
    const neither = 'export function readThings(db) {\n  const rows = db.query("select * from things");\n  return rows.map(toThing);\n}';
    const miss = placePatch(file, neither, "x");
    expect(miss).toMatchObject({ kind: "ambiguous", tier: "fuzzy" });
    expect((miss as { candidates: { line: number }[] }).candidates.map((c) => c.line).sort()).toEqual([1, 6]);
    expect(patchMissText("f.js", miss as never)).toMatch(/^The text to find does not occur exactly in "f.js", and 2 places are about equally similar; include more/);
    const users = 'export function readUser(db) {\n  const rows = db.query("select * from user");\n  return rows.map(toUser);\n}';
    expect(placePatch(file, users, "x")).toMatchObject({ tier: "fuzzy", firstLine: 1, lastLine: 4 });
  });

  it("says what is nearest when nothing matches, and offers a whole-file rewrite", () => {
    const miss = placePatch(SRC, "function mul(a, b) {\n  return a * b;\n}", "x");
    expect(miss).toMatchObject({ kind: "not-found", nearest: { firstLine: 1 } });
    const text = patchMissText("f.js", miss as never);
    expect(text).toMatch(/^The text to find does not occur in "f.js" \(0 matches\); nothing was changed\.\nThe most similar text is at lines 1–3 \(\d+% similar\):\n1\| function add\(a, b\) \{\n2\|   return a \+ b;\n3\| \}\n/);
    expect(text).toMatch(/If patching keeps failing, rewrite the whole file with write_file\.$/);
    const nothing = patchMissText("f.js", placePatch(SRC, "zzzz qqqq", "x") as never);
    expect(nothing).toBe('The text to find does not occur in "f.js" (0 matches); nothing was changed.\nRead the file again and copy the text exactly. If patching keeps failing, rewrite the whole file with write_file.');
  });
});

describe("large files", () => {
  it("stays fast on a 20,000-line file (no quadratic scans): a fuzzy hit and a miss", () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `  const value${i} = compute(${i}, "some text here ${i % 97}");`);
    const content = lines.join("\n");
    const started = performance.now();
    const near = lines.slice(10_000, 10_030).map((l) => l.replace("compute", "compte")).join("\n");
    expect(placePatch(content, near, "x")).toMatchObject({ tier: "fuzzy", firstLine: 10_001, lastLine: 10_030 });
    expect(placePatch(content, "nothing like this at all", "x")).toMatchObject({ kind: "not-found" });
    // Generous for a loaded 2-CPU machine; the quadratic version took minutes.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
