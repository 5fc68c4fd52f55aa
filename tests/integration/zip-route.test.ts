import { unzipSync } from "fflate";
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/projects/[projectId]/zip/route";
import { authSecret } from "@/server/env";
import { ensureWorkspace, writeFile } from "@/server/workspace";
import { orgWithRoles } from "./fixtures";

// The workspace download is a plain route handler: the same permission check as tRPC guards it.

async function download(projectId: string, sessionId: string | null, query = "") {
  const headers = new Headers();
  if (sessionId) headers.set("cookie", `next-auth.session-token=${await encode({ token: { sid: sessionId }, secret: authSecret() })}`);
  return GET(new Request(`http://localhost/api/projects/${projectId}/zip${query}`, { headers }), { params: Promise.resolve({ projectId }) });
}

describe("GET /api/projects/:id/zip", () => {
  it("serves the workspace to the org's members (viewers included) and to no one else", async () => {
    const fx = await orgWithRoles();
    expect((await download(fx.project.id, fx.people.viewer.sessionId)).status).toBe(404); // no files yet
    const root = await ensureWorkspace(fx.project.id);
    await writeFile(root, "README.md", "# Stock prices\n");

    const res = await download(fx.project.id, fx.people.viewer.sessionId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toContain('filename="stock-prices.zip"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe("PK");

    const outsider = await download(fx.project.id, fx.people.outsider.sessionId);
    expect(outsider.status).toBe(404);
    expect(await outsider.json()).toEqual({ error: "Project was not found." });
    expect((await download(fx.project.id, null)).status).toBe(401);
  });

  it("keeps one top-level folder named after the project, and brings .git only when history is asked for", async () => {
    const fx = await orgWithRoles();
    const root = await ensureWorkspace(fx.project.id);
    await writeFile(root, "src/app.js", "console.log(1);\n");

    const plain = await download(fx.project.id, fx.people.viewer.sessionId);
    const plainNames = Object.keys(unzipSync(new Uint8Array(await plain.arrayBuffer())));
    expect(plainNames).toEqual(["stock-prices/src/app.js"]);

    const withHistory = await download(fx.project.id, fx.people.viewer.sessionId, "?history=1");
    expect(withHistory.status).toBe(200);
    expect(withHistory.headers.get("content-disposition")).toContain('filename="stock-prices-with-history.zip"');
    const names = Object.keys(unzipSync(new Uint8Array(await withHistory.arrayBuffer())));
    expect(names).toContain("stock-prices/src/app.js");
    expect(names).toContain("stock-prices/.git/HEAD");
    expect(names.every((n) => n.startsWith("stock-prices/"))).toBe(true);
    expect((await download(fx.project.id, fx.people.outsider.sessionId, "?history=1")).status).toBe(404);
  });
});
