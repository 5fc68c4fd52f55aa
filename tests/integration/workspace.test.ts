import { randomBytes } from "node:crypto";
import { rm, rmdir } from "node:fs/promises";
import { dirname } from "node:path";
import { tmpdir } from "node:os";
import { unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { env } from "@/server/env";
import {
  commitAll,
  commitDiff,
  ensureWorkspace,
  history,
  listFiles,
  patchFile,
  readFile,
  runCommand,
  sandboxCapabilities,
  workingDiff,
  workspaceRoot,
  writeFile,
  zipWorkspace,
} from "@/server/workspace";

// What an agent does in a task: write a small Node project, run its tests in the sandbox, commit
// (twice, as a run repeated after a crash would), and what a person then sees and downloads.
const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
  if (env.AIOS_DATA_DIR === "memory://") await Promise.all(roots.map((root) => rmdir(dirname(root)).catch(() => undefined)));
});

const PROJECT = {
  "package.json": `${JSON.stringify({ name: "sum", version: "1.0.0", type: "module", scripts: { test: "node --test" } }, null, 2)}\n`,
  "src/sum.js": "export function sum(a, b) {\n  return a + b;\n}\n",
  "test/sum.test.js": [
    'import { test } from "node:test";',
    'import assert from "node:assert/strict";',
    'import { sum } from "../src/sum.js";',
    "",
    'test("adds two numbers", () => assert.equal(sum(2, 3), 5));',
    'test("adds negatives", () => assert.equal(sum(-2, -3), -5));',
    "",
  ].join("\n"),
};

describe("a project's workspace, end to end", () => {
  it("goes from an empty workspace to tested, committed, downloadable code", async () => {
    const slug = `ws-${randomBytes(5).toString("hex")}`;
    const org = await db.org.create({ data: { name: `Org ${slug}`, slug } });
    const project = await db.project.create({ data: { orgId: org.id, name: "Sum", goal: "Add two numbers" } });
    const root = await ensureWorkspace(project.id);
    roots.push(root);
    expect(root).toBe(workspaceRoot(project.id));
    if (env.AIOS_DATA_DIR === "memory://") expect(root.startsWith(tmpdir())).toBe(true);
    else expect(root.startsWith(env.dataDir)).toBe(true);
    expect(await ensureWorkspace(project.id)).toBe(root);
    expect(await history(root)).toHaveLength(1);

    for (const [path, content] of Object.entries(PROJECT)) await writeFile(root, path, content);
    expect((await listFiles(root)).map((f) => f.path)).toEqual(["package.json", "src/sum.js", "test/sum.test.js"]);

    const passing = await runCommand(root, "node --test", { timeoutMs: 60_000 });
    expect(passing.stderr).toBe("");
    expect(passing).toMatchObject({ exitCode: 0, timedOut: false, truncated: false });
    expect(passing.stdout).toMatch(/# pass 2\n/);
    expect(passing.stdout).toMatch(/# fail 0\n/);

    await patchFile(root, "src/sum.js", "return a + b;", "return a - b;");
    const failing = await runCommand(root, "npm test --silent", { timeoutMs: 60_000 });
    expect(failing.exitCode).not.toBe(0);
    expect(failing.stdout).toMatch(/# fail 2\n/);
    await patchFile(root, "src/sum.js", "return a - b;", "return a + b;");
    expect((await readFile(root, "src/sum.js")).content).toBe(PROJECT["src/sum.js"]);

    expect(await workingDiff(root)).toContain("+++ b/test/sum.test.js");

    const commit = { message: "Add sum with tests", authorName: "Backend agent", authorEmail: "backend@agents.aios", idempotencyKey: "run_e2e:7" };
    const first = await commitAll(root, commit);
    expect(first).toEqual({ sha: expect.stringMatching(/^[0-9a-f]{40}$/), files: ["package.json", "src/sum.js", "test/sum.test.js"] });
    expect(await commitAll(root, commit)).toEqual(first);
    expect(await workingDiff(root)).toBe("");

    const log = await history(root);
    expect(log.map((c) => c.message)).toEqual(["Add sum with tests", "Initialize workspace"]);
    expect(log[0]).toMatchObject({ sha: first!.sha, authorName: "Backend agent", files: first!.files });
    const diff = await commitDiff(root, first!.sha);
    expect(diff).toContain("+++ b/src/sum.js");
    expect(diff).toContain('+test("adds two numbers"');

    const zip = unzipSync(new Uint8Array(await zipWorkspace(root)));
    expect(Object.keys(zip).sort()).toEqual(Object.keys(PROJECT).sort());
    expect(Buffer.from(zip["src/sum.js"]!).toString()).toBe(PROJECT["src/sum.js"]);
  });

  it("tells the UI which protections commands get", async () => {
    const caps = await sandboxCapabilities();
    expect(caps.notes.length).toBeGreaterThan(0);
    expect(caps).toMatchObject({ networkIsolated: expect.any(Boolean), resourceLimits: expect.any(Boolean) });
  });
});
