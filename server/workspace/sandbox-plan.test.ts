import { realpath } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxPlan } from "./sandbox-capabilities";
import { buildInvocation, type SandboxPlan } from "./sandbox-plan";
import { execute } from "./sandbox-process";
import { workspaces } from "./test-helpers";

// The degraded modes a machine may fall back to (see sandbox-capabilities.ts) must still run a
// project's tests: Node starts, and a server on 127.0.0.1 answers (its own loopback where there is
// a network namespace).
const spaces = workspaces();
let root: string;
let detected: SandboxPlan;

beforeAll(async () => {
  root = await realpath(await spaces.create());
  detected = await sandboxPlan();
});
afterAll(() => spaces.cleanup());

const SERVE_AND_FETCH = `node -e 'const s = require("http").createServer((q, r) => r.end("hi")).listen(0, "127.0.0.1", async () => { const r = await fetch("http://127.0.0.1:" + s.address().port); console.log(await r.text()); s.close(); })'`;

describe("degraded sandbox modes", () => {
  for (const namespaces of ["network", "none"] as const) {
    it(`"${namespaces}" mode runs Node and serves on its loopback`, async () => {
      if (namespaces !== "none" && detected.namespaces === "none") {
        // This machine has no namespaces at all: the mode cannot be built here, which the runtime card says.
        expect(detected.tools.unshare === null || !detected.userNamespace).toBe(true);
        return;
      }
      const plan: SandboxPlan = { ...detected, namespaces, userNamespace: namespaces !== "none" && detected.userNamespace };
      const invocation = await buildInvocation(plan, root, SERVE_AND_FETCH, 20_000);
      const result = await execute(invocation, { timeoutMs: 20_000, maxOutputBytes: 4096 });
      expect(result.stderr).toBe("");
      expect(result).toMatchObject({ exitCode: 0, stdout: "hi\n" });
    });
  }
});
