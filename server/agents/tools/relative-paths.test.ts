import { describe, expect, it } from "vitest";
import { relativeToWorkspace } from "./relative-paths";

describe("relativeToWorkspace", () => {
  const root = "/srv/aios/data/workspaces/cm3x9";
  it("makes workspace paths relative, file URLs included", () => {
    const out = `✖ adds (2.1ms)\n  at file://${root}/test/add.test.js:4:10\n  at ${root}/src/add.js:2:3\ncwd ${root}`;
    expect(relativeToWorkspace(out, [root])).toBe("✖ adds (2.1ms)\n  at test/add.test.js:4:10\n  at src/add.js:2:3\ncwd .");
  });
  it("replaces the real path too, and leaves a longer sibling alone", () => {
    expect(relativeToWorkspace(`/private${root}/a.js and ${root}-old/b.js`, [root, `/private${root}`])).toBe(`a.js and ${root}-old/b.js`);
  });
  it("ignores an empty or root path", () => {
    expect(relativeToWorkspace("/etc/passwd", ["/", ""])).toBe("/etc/passwd");
  });
});
