import { readFile as readRaw, stat, symlink, truncate, writeFile as writeRaw } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteFile, listFiles, MAX_FILE_BYTES, patchFile, readFile, writeFile } from "./files";
import { workspaces } from "./test-helpers";

const spaces = workspaces();
let root: string;

beforeAll(async () => {
  root = await spaces.create();
});
afterAll(() => spaces.cleanup());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (err: { code: string; message: string }) => ({ code: err.code, message: err.message }),
  );

describe("workspace files", () => {
  it("writes, creating parent folders, and reads back", async () => {
    expect(await writeFile(root, "src/lib/util.js", "export const x = 1;\n")).toEqual({ bytes: 20 });
    expect(await readFile(root, "src/lib/util.js")).toEqual({ content: "export const x = 1;\n", truncated: false, bytes: 20 });
    expect(await readRaw(join(root, "src/lib/util.js"), "utf8")).toBe("export const x = 1;\n");
  });

  it("lists files recursively and sorted, skipping .git and node_modules", async () => {
    await writeFile(root, "b.txt", "b");
    await writeFile(root, "a/z.txt", "zz");
    await writeFile(root, "node_modules/dep/index.js", "x");
    await symlink("/etc/passwd", join(root, "passwd-link"));
    const all = await listFiles(root);
    expect(all.map((f) => f.path)).toEqual(["a/z.txt", "b.txt", "src/lib/util.js"]);
    expect(all[0]).toEqual({ path: "a/z.txt", bytes: 2 });
    expect(await listFiles(root, "src")).toEqual([{ path: "src/lib/util.js", bytes: 20 }]);
    expect(await listFiles(root, "b.txt")).toEqual([{ path: "b.txt", bytes: 1 }]);
    expect(await failure(listFiles(root, "missing"))).toMatchObject({ code: "NOT_FOUND", message: expect.stringMatching(/"missing" was not found/) });
  });

  it("truncates long reads and says so", async () => {
    await writeFile(root, "long.txt", "x".repeat(1000));
    expect(await readFile(root, "long.txt", 10)).toEqual({ content: "x".repeat(10), truncated: true, bytes: 1000 });
  });

  it("refuses to read binary files, folders and missing files with a sentence", async () => {
    await writeRaw(join(root, "image.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    expect(await failure(readFile(root, "image.png"))).toEqual({
      code: "BAD_REQUEST",
      message: '"image.png" looks like a binary file (8 bytes); only text files can be read.',
    });
    expect((await failure(readFile(root, "src"))).message).toMatch(/"src" is a folder/);
    expect((await failure(readFile(root, "nope.txt"))).code).toBe("NOT_FOUND");
  });

  it("refuses a file over the size limit, naming the size and the limit", async () => {
    const err = await failure(writeFile(root, "big.txt", "x".repeat(MAX_FILE_BYTES + 200_000)));
    expect(err).toEqual({ code: "BAD_REQUEST", message: 'The content for "big.txt" is 1.2 MiB; the limit for one file is 1 MiB.' });
  });

  it("refuses a write that would take the workspace over its budget", async () => {
    const own = await spaces.create();
    // A sparse file weighs 49.5 MiB by size without using the disk.
    await writeRaw(join(own, "blob.bin"), "");
    await truncate(join(own, "blob.bin"), 49.5 * 1024 * 1024);
    await writeFile(own, "fits.txt", "x".repeat(100_000));
    const err = await failure(writeFile(own, "too-much.txt", "x".repeat(900_000)));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toMatch(/^Writing "too-much.txt" would bring the workspace to 50\.5 MiB; the limit is 50 MiB\.$/);
    // Overwriting counts the new size, not both.
    await writeFile(own, "fits.txt", "y".repeat(100_000));
  });

  it("refuses to write through a link or onto a folder or into a file", async () => {
    await symlink("/tmp", join(root, "tmp-link"));
    expect((await failure(writeFile(root, "tmp-link/x.txt", "x"))).code).toBe("FORBIDDEN");
    expect((await failure(writeFile(root, "passwd-link", "x"))).code).toBe("FORBIDDEN");
    expect((await failure(writeFile(root, "src", "x"))).message).toMatch(/"src" is a folder/);
    expect((await failure(writeFile(root, "b.txt/inner.txt", "x"))).message).toMatch(/"b.txt" is a file/);
    expect((await failure(writeFile(root, ".git/config", "x"))).code).toBe("FORBIDDEN");
  });

  it("patches exactly one place (exactly, then ignoring whitespace), and shows the candidates otherwise", async () => {
    await writeFile(root, "p.js", "const a = 1;\nconst b = 1;\n");
    expect(await failure(patchFile(root, "p.js", "= 1;", "= 2;"))).toEqual({
      code: "BAD_REQUEST",
      message: 'The text to find occurs 2 times in "p.js"; include more of the surrounding text so it matches exactly once. Nothing was changed.\nCandidates:\n  line 1: const a = 1;\n  line 2: const b = 1;',
    });
    expect((await failure(patchFile(root, "p.js", "let zz", "x"))).message).toMatch(/does not occur in "p.js" \(0 matches\)[\s\S]*rewrite the whole file with write_file/);
    expect(await patchFile(root, "p.js", "const b = 1;", "const b = $&2;")).toEqual({ bytes: 28, tier: "exact" });
    expect((await readFile(root, "p.js")).content).toBe("const a = 1;\nconst b = $&2;\n");
    // Not byte for byte: applied ignoring whitespace, and the model is told where.
    expect(await patchFile(root, "p.js", "const  a =  1;", "const a = 3;")).toEqual({ bytes: 28, tier: "whitespace", note: "The text matched at line 1 once whitespace was ignored." });
    expect((await readFile(root, "p.js")).content).toBe("const a = 3;\nconst b = $&2;\n");
  });

  it("deletes files, not folders", async () => {
    await writeFile(root, "gone.txt", "bye");
    await deleteFile(root, "gone.txt");
    await expect(stat(join(root, "gone.txt"))).rejects.toThrow();
    expect((await failure(deleteFile(root, "gone.txt"))).code).toBe("NOT_FOUND");
    expect((await failure(deleteFile(root, "src"))).message).toMatch(/"src" is a folder/);
    expect((await failure(deleteFile(root, "../x"))).code).toBe("FORBIDDEN");
  });
});
