import { symlink } from "node:fs/promises";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { writeFile } from "./files";
import { workspaces } from "./test-helpers";
import { zipWorkspace } from "./zip";

const spaces = workspaces();
afterAll(() => spaces.cleanup());

describe("zipWorkspace", () => {
  it("zips the working tree without .git, node_modules or links", async () => {
    const root = await spaces.create();
    await writeFile(root, "package.json", '{ "name": "demo" }\n');
    await writeFile(root, "src/index.js", "console.log('hi');\n");
    await writeFile(root, "node_modules/dep/index.js", "x");
    await symlink("/etc/passwd", join(root, "passwd"));
    const zip = await zipWorkspace(root);
    const entries = unzipSync(new Uint8Array(zip));
    expect(Object.keys(entries).sort()).toEqual(["package.json", "src/index.js"]);
    expect(Buffer.from(entries["src/index.js"]!).toString()).toBe("console.log('hi');\n");
  });
});
