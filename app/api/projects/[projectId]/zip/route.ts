import { authorizeProject, principalFromRequest } from "@/server/auth";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { workspaceRoot, zipWorkspaceStream } from "@/server/workspace";
import { existsSync } from "node:fs";

export const dynamic = "force-dynamic";

/**
 * The project's workspace as a zip, for people who may read it: one top-level folder named after the
 * project, without node_modules, and without .git unless `?history=1` asks for the repository too.
 */
export async function GET(req: Request, ctx: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await ctx.params;
  try {
    await authorizeProject(await principalFromRequest(req.headers), projectId, "projects:read");
    const root = workspaceRoot(projectId);
    if (!existsSync(root)) return Response.json({ error: "This project has no files yet." }, { status: 404 });
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } });
    const history = new URL(req.url).searchParams.get("history") === "1";
    const slug = project.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80).replace(/-$/, "") || "project";
    // Streamed from the descriptors it opens (server/workspace/zip.ts), never re-read by name.
    const zip = await zipWorkspaceStream(root, { folder: slug, history });
    const filename = `${slug}${history ? "-with-history" : ""}.zip`;
    return new Response(zip, {
      headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="${filename}"` },
    });
  } catch (err) {
    if (err instanceof AppError) return Response.json({ error: err.message }, { status: err.status });
    throw err;
  }
}
