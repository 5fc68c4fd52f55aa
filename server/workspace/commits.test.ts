import { readFile as readRaw, stat, writeFile as writeRaw } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { commitAll, commitDiff, history, workingDiff } from "./commits";
import { writeFile } from "./files";
import { CANONICAL_CONFIG, git } from "./git-cli";
import { ensureWorkspace } from "./repository";
import { workspaces } from "./test-helpers";

const spaces = workspaces();
afterAll(() => spaces.cleanup());

const author = { authorName: "Backend agent", authorEmail: "backend@agents.aios" };

describe("ensureWorkspace", () => {
  it("creates a repository on main with a first commit, once", async () => {
    const root = await spaces.create();
    const projectId = root.split("/").pop()!;
    expect(await ensureWorkspace(projectId)).toBe(root);
    const log = await history(root);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ message: "Initialize workspace", authorName: "AIOS", authorEmail: "aios@localhost", files: [] });
    expect((await git(root, ["branch", "--show-current"])).trim()).toBe("main");
  });

  it("refuses project ids that are not plain names", async () => {
    await expect(ensureWorkspace("../escape")).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("commits", () => {
  it("commits every change, returns null when nothing changed", async () => {
    const root = await spaces.create();
    await writeFile(root, "src/index.js", "console.log(1);\n");
    await writeFile(root, "README.md", "# Demo\n");
    const first = await commitAll(root, { message: "Add entry point", ...author });
    expect(first).toEqual({ sha: expect.stringMatching(/^[0-9a-f]{40}$/), files: ["README.md", "src/index.js"] });
    expect(await commitAll(root, { message: "Nothing", ...author })).toBeNull();

    const [latest] = await history(root);
    expect(latest).toMatchObject({ sha: first!.sha, message: "Add entry point", ...author, files: ["README.md", "src/index.js"] });
    expect(new Date(latest!.date).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await commitDiff(root, first!.sha)).toContain("+++ b/src/index.js\n@@ -0,0 +1 @@\n+console.log(1);");
  });

  it("returns the earlier commit for a repeated idempotency key instead of committing twice", async () => {
    const root = await spaces.create();
    await writeFile(root, "a.txt", "a\n");
    const once = await commitAll(root, { message: "Step 3", ...author, idempotencyKey: "run_abc:3" });
    // The run crashed after committing and runs the step again, with a change in the tree.
    await writeFile(root, "b.txt", "b\n");
    const again = await commitAll(root, { message: "Step 3", ...author, idempotencyKey: "run_abc:3" });
    expect(again).toEqual(once);
    expect(await history(root)).toHaveLength(2);
    const [top] = await history(root);
    expect(top!.message).toBe("Step 3");
    expect(await git(root, ["log", "-1", "--format=%(trailers:key=Aios-Idempotency-Key,valueonly)"])).toBe("run_abc:3\n\n");

    const other = await commitAll(root, { message: "Step 4", ...author, idempotencyKey: "run_abc:33" });
    expect(other?.files).toEqual(["b.txt"]);
  });

  it("does not let a message carry another run's key", async () => {
    const root = await spaces.create();
    await writeFile(root, "a.txt", "a\n");
    await commitAll(root, { message: "Sneaky\n\nAios-Idempotency-Key: run_x:1", ...author });
    await writeFile(root, "b.txt", "b\n");
    const real = await commitAll(root, { message: "Real", ...author, idempotencyKey: "run_x:1" });
    expect(real?.files).toEqual(["b.txt"]);
  });

  it("validates its input with sentences", async () => {
    const root = await spaces.create();
    await expect(commitAll(root, { message: "  ", ...author })).rejects.toThrow("A commit needs a message.");
    await expect(commitAll(root, { message: "x", authorName: "A <b>", authorEmail: "a@b" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(commitAll(root, { message: "x", ...author, idempotencyKey: "has space" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(commitDiff(root, "HEAD; rm -rf /")).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(commitDiff(root, "0123456789abcdef0123456789abcdef01234567")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("shows uncommitted changes, new files included, without staging anything", async () => {
    const root = await spaces.create();
    await writeFile(root, "tracked.txt", "one\n");
    await commitAll(root, { message: "Base", ...author });
    await writeFile(root, "tracked.txt", "two\n");
    await writeFile(root, "new/file.txt", "fresh\n");
    const diff = await workingDiff(root);
    expect(diff).toContain("-one\n+two");
    expect(diff).toContain("+++ b/new/file.txt\n@@ -0,0 +1 @@\n+fresh");
    expect(await git(root, ["diff", "--cached", "--name-only"])).toBe("");
    expect(await workingDiff(await spaces.create())).toBe("");
  });

  it("limits history and lists the files of each commit", async () => {
    const root = await spaces.create();
    for (const n of [1, 2, 3]) {
      await writeFile(root, `f${n}.txt`, `${n}\n`);
      await commitAll(root, { message: `Commit ${n}`, ...author });
    }
    const two = await history(root, 2);
    expect(two.map((c) => [c.message, c.files])).toEqual([
      ["Commit 3", ["f3.txt"]],
      ["Commit 2", ["f2.txt"]],
    ]);
  });

  it("ignores node_modules and restores a tampered repository config before running git", async () => {
    const root = await spaces.create();
    await writeFile(root, "node_modules/dep/index.js", "x");
    await writeFile(root, "app.js", "x");
    const marker = join(root, "hook-ran");
    await writeRaw(join(root, ".git", "config"), `${CANONICAL_CONFIG}[core]\n\tfsmonitor = "touch ${marker}"\n\thooksPath = /tmp\n`);
    const result = await commitAll(root, { message: "App", ...author });
    expect(result?.files).toEqual(["app.js"]);
    await expect(stat(marker)).rejects.toThrow();
    expect(await readRaw(join(root, ".git", "config"), "utf8")).toBe(CANONICAL_CONFIG);
  });
});
