import { execFileSync } from "node:child_process";
import { link, mkdir, symlink, writeFile as writeRaw } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { listFiles, readFile, writeFile } from "./files";
import { jailSegments } from "./jail";
import { sandboxUser } from "./sandbox-user";
import { workspaces } from "./test-helpers";

const spaces = workspaces();
let root: string;

beforeAll(async () => {
  root = await spaces.create();
  await mkdir(join(root, "src"));
  await writeRaw(join(root, "src", "a.js"), "1");
  await symlink("/etc", join(root, "etc-link"));
  await symlink("../../..", join(root, "src", "up"));
  await symlink("a.js", join(root, "src", "a-link.js"));
});
afterAll(() => spaces.cleanup());

function refusal(rel: string): AppError {
  let err: unknown = null;
  try {
    jailSegments(rel);
  } catch (e) {
    err = e;
  }
  expect(err, `${rel} should be refused`).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe("FORBIDDEN");
  return err as AppError;
}

async function refused(work: Promise<unknown>): Promise<AppError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe("FORBIDDEN");
  return err as AppError;
}

describe("jailSegments", () => {
  it("splits plain relative paths into names", () => {
    expect(jailSegments("src/a.js")).toEqual(["src", "a.js"]);
    expect(jailSegments("./src//new/b.js")).toEqual(["src", "new", "b.js"]);
    expect(jailSegments("")).toEqual([]);
  });

  it("refuses absolute paths", () => {
    expect(refusal("/etc/passwd").message).toMatch(/"\/etc\/passwd" is absolute/);
  });

  it("refuses any .. segment, even one that would stay inside", () => {
    expect(refusal("../other/file").message).toMatch(/"\.\.\/other\/file" contains "\.\."/);
    refusal("src/../src/a.js");
  });

  it("refuses NUL bytes", () => {
    expect(refusal("src/a.js\0.png").message).toMatch(/NUL byte/);
  });

  it("refuses .git and anything inside it", () => {
    expect(refusal(".git/config").message).toMatch(/"\.git\/config" is inside \.git/);
    refusal(".git");
    refusal("sub/.GIT/hooks/pre-commit");
  });
});

describe("opening through the workspace's descriptors", () => {
  it("refuses a symlink planted in the workspace that points to /etc, as a folder or as the last name", async () => {
    expect((await refused(readFile(root, "etc-link/passwd"))).message).toMatch(/"etc-link\/passwd" goes through a symbolic link \(etc-link\)/);
    await refused(readFile(root, "etc-link"));
    await refused(listFiles(root, "etc-link"));
    await refused(writeFile(root, "etc-link/planted", "x"));
  });

  it("refuses links wherever they point, even inside the workspace", async () => {
    await refused(readFile(root, "src/up/etc/passwd"));
    expect((await refused(readFile(root, "src/a-link.js"))).message).toMatch(/src\/a-link\.js/);
  });

  it("refuses a FIFO a command planted, at once, instead of hanging on it", async () => {
    execFileSync("mkfifo", [join(root, "src", "pipe")]);
    const started = Date.now();
    const read = await readFile(root, "src/pipe").catch((e: AppError) => e);
    const write = await writeFile(root, "src/pipe", "x").catch((e: AppError) => e);
    expect(read).toMatchObject({ code: "BAD_REQUEST", message: '"src/pipe" is not a regular file.' });
    expect(write).toMatchObject({ code: "BAD_REQUEST", message: '"src/pipe" is not a regular file.' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses a hard link to a file the workspace does not own, when commands run under their own uid", async () => {
    // Written straight to disk by the server's user, so not the workspace's own (as a host file would be).
    await writeRaw(join(root, "foreign.txt"), "the server's own file");
    await link(join(root, "foreign.txt"), join(root, "src", "hard.txt"));
    if (sandboxUser(root) === null) {
      // Commands share the server's uid then: a hard link reaches nothing they could not read anyway.
      expect((await readFile(root, "src/hard.txt")).content).toBe("the server's own file");
      return;
    }
    expect((await refused(readFile(root, "src/hard.txt"))).message).toMatch(/hard link to a file the workspace does not own/);
  });
});
