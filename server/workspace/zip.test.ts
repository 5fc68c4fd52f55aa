import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile as writeRaw } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { commitAll } from "./commits";
import { writeFile } from "./files";
import { workspaces } from "./test-helpers";
import { zipWorkspace, zipWorkspaceStream } from "./zip";

const spaces = workspaces();
afterAll(() => spaces.cleanup());

describe("zipWorkspace", () => {
  it("zips the working tree without .git, node_modules or links", async () => {
    const root = await spaces.create();
    await writeFile(root, "package.json", '{ "name": "demo" }\n');
    await writeFile(root, "src/index.js", "console.log('hi');\n");
    await writeFile(root, "node_modules/dep/index.js", "x");
    await symlink("/etc/passwd", join(root, "passwd"));
    await symlink("/etc", join(root, "etc"));
    const zip = await zipWorkspace(root);
    const entries = unzipSync(new Uint8Array(zip));
    expect(Object.keys(entries).sort()).toEqual(["package.json", "src/index.js"]);
    expect(Buffer.from(entries["src/index.js"]!).toString()).toBe("console.log('hi');\n");
  });

  it("streams: a large file arrives in several chunks, read from its descriptor, and unzips whole", async () => {
    const root = await spaces.create();
    const big = Array.from({ length: 40_000 }, (_, i) => `line ${i} ${(i * 7919) % 10007}`).join("\n");
    await writeFile(root, "data/big.txt", big);
    const reader = (await zipWorkspaceStream(root)).getReader();
    const chunks: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    expect(chunks.length).toBeGreaterThan(2);
    const entries = unzipSync(new Uint8Array(Buffer.concat(chunks)));
    expect(Buffer.from(entries["data/big.txt"]!).toString()).toBe(big);
  });

  it("refuses, with a sentence, a workspace too big for one download", async () => {
    const root = await spaces.create();
    // Sparse: weighs 250 MiB by size without using the disk.
    await writeRaw(join(root, "huge.bin"), "");
    await truncate(join(root, "huge.bin"), 250 * 1024 * 1024);
    await expect(zipWorkspaceStream(root)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "The workspace holds 250 MiB, too much to download as one zip.",
    });
  });

  it("puts every entry under one top-level folder, and leaves .git out unless history is asked for", async () => {
    const root = await spaces.create();
    await writeFile(root, "README.md", "# Demo\n");
    await writeFile(root, "src/index.js", "console.log(1);\n");
    await commitAll(root, { message: "Add the demo", authorName: "Ada", authorEmail: "ada@example.test" });
    const plain = Object.keys(unzipSync(new Uint8Array(await zipWorkspace(root, { folder: "stock-prices" })))).sort();
    expect(plain).toEqual(["stock-prices/README.md", "stock-prices/src/index.js"]);
    await expect(zipWorkspace(root, { folder: "../up" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("with history: the repository comes along (no hooks), and git reads it once unzipped", async () => {
    const root = await spaces.create();
    await writeFile(root, "README.md", "# Demo\n");
    await commitAll(root, { message: "Add the readme", authorName: "Ada", authorEmail: "ada@example.test" });
    await writeFile(root, "README.md", "# Demo, changed\n");
    await commitAll(root, { message: "Change the readme", authorName: "Grace", authorEmail: "grace@example.test" });
    await mkdir(join(root, ".git", "hooks"), { recursive: true });
    await writeRaw(join(root, ".git", "hooks", "pre-commit"), "#!/bin/sh\necho planted\n", { mode: 0o755 });
    await writeRaw(join(root, ".git", "config"), "[core]\n\tfsmonitor = /tmp/evil\n");

    const entries = unzipSync(new Uint8Array(await zipWorkspace(root, { folder: "demo", history: true })));
    const names = Object.keys(entries);
    expect(names).toContain("demo/README.md");
    expect(names).toContain("demo/.git/HEAD");
    expect(names.every((n) => n.startsWith("demo/"))).toBe(true);
    expect(names.some((n) => n.startsWith("demo/.git/hooks"))).toBe(false);
    expect(Buffer.from(entries["demo/.git/config"]!).toString()).not.toContain("fsmonitor");

    const out = await mkdtemp(join(tmpdir(), "aios-unzipped-"));
    try {
      for (const [name, data] of Object.entries(entries)) {
        if (name.endsWith("/")) await mkdir(join(out, name), { recursive: true });
        else {
          await mkdir(join(out, name, ".."), { recursive: true });
          await writeRaw(join(out, name), data);
        }
      }
      const log = execFileSync("git", ["-C", join(out, "demo"), "log", "--format=%an: %s"], { encoding: "utf8", env: { ...process.env, HOME: out, GIT_CONFIG_NOSYSTEM: "1" } });
      expect(log.trim().split("\n")).toEqual(["Grace: Change the readme", "Ada: Add the readme", "AIOS: Initialize workspace"]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
