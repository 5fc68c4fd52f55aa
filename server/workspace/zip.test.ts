import { symlink, truncate, writeFile as writeRaw } from "node:fs/promises";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
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
});
