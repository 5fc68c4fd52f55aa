import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { resolveInside } from "./jail";
import { workspaces } from "./test-helpers";

const spaces = workspaces();
let root: string;

beforeAll(async () => {
  root = await spaces.create();
  await mkdir(join(root, "src"));
  await writeFile(join(root, "src", "a.js"), "1");
  await symlink("/etc", join(root, "etc-link"));
  await symlink("../../..", join(root, "src", "up"));
  await symlink("a.js", join(root, "src", "a-link.js"));
});
afterAll(() => spaces.cleanup());

async function refusal(rel: string): Promise<AppError> {
  const err = await resolveInside(root, rel).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `${rel} should be refused`).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe("FORBIDDEN");
  return err as AppError;
}

describe("resolveInside", () => {
  it("resolves plain relative paths, existing or not, under the real root", async () => {
    expect(await resolveInside(root, "src/a.js")).toBe(join(root, "src", "a.js"));
    expect(await resolveInside(root, "./src//new/b.js")).toBe(join(root, "src", "new", "b.js"));
    expect(await resolveInside(root, "")).toBe(root);
  });

  it("refuses absolute paths", async () => {
    expect((await refusal("/etc/passwd")).message).toMatch(/"\/etc\/passwd" is absolute/);
  });

  it("refuses any .. segment, even one that would stay inside", async () => {
    expect((await refusal("../other/file")).message).toMatch(/"\.\.\/other\/file" contains "\.\."/);
    await refusal("src/../src/a.js");
  });

  it("refuses NUL bytes", async () => {
    expect((await refusal("src/a.js\0.png")).message).toMatch(/NUL byte/);
  });

  it("refuses .git and anything inside it", async () => {
    expect((await refusal(".git/config")).message).toMatch(/"\.git\/config" is inside \.git/);
    await refusal(".git");
    await refusal("sub/.GIT/hooks/pre-commit");
  });

  it("refuses a symlink planted in the workspace that points to /etc", async () => {
    expect((await refusal("etc-link/passwd")).message).toMatch(/"etc-link\/passwd" goes through a symbolic link \(etc-link\)/);
    await refusal("etc-link");
  });

  it("refuses links wherever they point, even inside the workspace", async () => {
    await refusal("src/up/etc/passwd");
    expect((await refusal("src/a-link.js")).message).toMatch(/src\/a-link\.js/);
  });
});
