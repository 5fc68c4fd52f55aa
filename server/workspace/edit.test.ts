import { execFileSync } from "node:child_process";
import { mkdir, readFile as readRaw, symlink, writeFile as writeRaw } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { commitAll, history, workingDiff } from "./commits";
import { blobVersion, MAX_EDIT_BYTES, openForEdit, saveEdit } from "./edit";
import { writeFile } from "./files";
import { git } from "./git-cli";
import { workspaces } from "./test-helpers";

const spaces = workspaces();
afterAll(() => spaces.cleanup());

const ada = { authorName: "Ada Lovelace", authorEmail: "ada@example.test" };

async function withReadme() {
  const root = await spaces.create();
  await writeFile(root, "README.md", "# Demo\n");
  await commitAll(root, { message: "Add the readme", authorName: "Backend agent", authorEmail: "backend@agents.aios.local" });
  return root;
}

describe("openForEdit", () => {
  it("gives the file with git's own blob id as its version", async () => {
    const root = await withReadme();
    const file = await openForEdit(root, "./README.md");
    expect(file).toEqual({ path: "README.md", content: "# Demo\n", version: blobVersion("# Demo\n"), bytes: 7 });
    expect(file.version).toBe((await git(root, ["hash-object", "README.md"])).trim());
  });

  it("refuses what it cannot edit faithfully: too big, binary, not UTF-8", async () => {
    const root = await spaces.create();
    await writeRaw(join(root, "big.txt"), "x".repeat(MAX_EDIT_BYTES + 1));
    await writeRaw(join(root, "logo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]));
    await writeRaw(join(root, "latin1.txt"), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    await expect(openForEdit(root, "big.txt")).rejects.toMatchObject({ code: "BAD_REQUEST", message: '"big.txt" is 512 KiB; files up to 512 KiB can be edited in the browser. Download the project to change larger files.' });
    await expect(openForEdit(root, "logo.png")).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("looks like a binary file") });
    await expect(openForEdit(root, "latin1.txt")).rejects.toMatchObject({ code: "BAD_REQUEST", message: '"latin1.txt" is not UTF-8 text, so it cannot be edited in the browser without changing it.' });
  });
});

describe("saveEdit", () => {
  it("commits the one file under the person's name, leaving other changes in the working tree alone", async () => {
    const root = await withReadme();
    // An agent's unfinished work: must not end up in the person's commit.
    await writeFile(root, "src/wip.js", "// half done\n");
    const opened = await openForEdit(root, "README.md");
    const saved = await saveEdit(root, { path: "README.md", content: "# Demo\n\nEdited by hand.\n", version: opened.version, message: "Explain the demo\n\nA longer body.", ...ada });
    expect(saved).toEqual({ sha: expect.stringMatching(/^[0-9a-f]{40}$/), files: ["README.md"], path: "README.md", version: blobVersion("# Demo\n\nEdited by hand.\n") });

    const [latest] = await history(root);
    expect(latest).toMatchObject({ sha: saved.sha, authorName: "Ada Lovelace", authorEmail: "ada@example.test", message: "Explain the demo\n\nA longer body.", files: ["README.md"] });
    expect((await git(root, ["log", "-1", "--format=%cn"])).trim()).toBe("AIOS");
    expect(await workingDiff(root)).toContain("+++ b/src/wip.js");
    expect(await workingDiff(root)).not.toContain("README.md");
  });

  it("creates a new file (folders included), but never over an existing one", async () => {
    const root = await withReadme();
    const saved = await saveEdit(root, { path: "docs/notes/todo.md", content: "- ship it\n", version: null, message: "Add a todo list", ...ada });
    expect(saved.files).toEqual(["docs/notes/todo.md"]);
    expect(await readRaw(join(root, "docs/notes/todo.md"), "utf8")).toBe("- ship it\n");
    await expect(saveEdit(root, { path: "README.md", content: "# Mine\n", version: null, message: "Replace", ...ada })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'A file named "README.md" already exists. Open it from the file list to edit it.',
    });
    expect(await readRaw(join(root, "README.md"), "utf8")).toBe("# Demo\n");
  });

  it("refuses a save over a file that changed since it was opened, and writes nothing", async () => {
    const root = await withReadme();
    const opened = await openForEdit(root, "README.md");
    await writeFile(root, "README.md", "# Demo, changed by an agent\n");
    await expect(saveEdit(root, { path: "README.md", content: "# Mine\n", version: opened.version, message: "Mine", ...ada })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This file changed since you opened it. Reload it to see the new version, then make your change again.",
    });
    expect(await readRaw(join(root, "README.md"), "utf8")).toBe("# Demo, changed by an agent\n");
    await expect(saveEdit(root, { path: "gone.md", content: "x", version: opened.version, message: "x", ...ada })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'This file changed since you opened it: "gone.md" was deleted or moved.',
    });
  });

  it("keeps every write inside the workspace: no .., no absolute paths, no .git, no links", async () => {
    const root = await withReadme();
    const outside = join(tmpdir(), `aios-outside-${process.pid}.txt`);
    await writeRaw(outside, "outside\n");
    await mkdir(join(root, "src"), { recursive: true });
    await symlink(outside, join(root, "src", "escape.txt"));
    await symlink(tmpdir(), join(root, "tmp-link"));
    const save = (path: string, version: string | null = null) => saveEdit(root, { path, content: "pwned\n", version, message: "Try", ...ada });

    for (const path of ["../escape.txt", "src/../../escape.txt", "/etc/passwd", ".git/config", "src/.GIT/hooks/pre-commit", "a\0b"]) {
      await expect(save(path), path).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(save("src/escape.txt")).rejects.toMatchObject({ code: "FORBIDDEN", message: 'The path "src/escape.txt" is a symbolic link; links are not followed.' });
    await expect(save("src/escape.txt", blobVersion("outside\n"))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(save(`tmp-link/aios-outside-${process.pid}.txt`)).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("symbolic link") });
    await expect(save("tmp-link/new.txt")).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await readRaw(outside, "utf8")).toBe("outside\n");
    expect(await readRaw(join(root, ".git", "config"), "utf8")).not.toContain("pwned");
    expect(await history(root)).toHaveLength(2);
  });

  it("refuses, with a sentence, content over the limit, an unchanged file, an ignored path and an empty message", async () => {
    const root = await withReadme();
    await writeFile(root, ".gitignore", "dist/\n");
    await commitAll(root, { message: "Ignore dist", ...ada });
    const { version } = await openForEdit(root, "README.md");
    const save = (path: string, content: string, v: string | null, message = "Change") => saveEdit(root, { path, content, version: v, message, ...ada });
    await expect(save("README.md", "é".repeat(MAX_EDIT_BYTES / 2 + 1), version)).rejects.toMatchObject({ code: "BAD_REQUEST", message: '"README.md" is 512 KiB; files up to 512 KiB can be edited in the browser. Download the project to change larger files.' });
    await expect(save("README.md", "# Demo\n", version)).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Nothing to save: the file is unchanged." });
    await expect(save("dist/out.js", "x", null)).rejects.toMatchObject({ code: "BAD_REQUEST", message: '"dist/out.js" is ignored by git (see .gitignore), so a change to it could not be committed.' });
    await expect(save("README.md", "# New\n", version, "  \n ")).rejects.toMatchObject({ code: "BAD_REQUEST", message: "A commit needs a message." });
    await expect(save("", "x", null)).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Give the file a name." });
    expect(execFileSync("git", ["-C", root, "status", "--porcelain"], { encoding: "utf8" })).toBe("");
  });
});
