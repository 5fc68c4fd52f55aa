import { authorizeProject, principalFromRequest } from "@/server/auth";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { workspaceRoot, zipWorkspaceStream } from "@/server/workspace";
import { existsSync } from "node:fs";

export const dynamic = "force-dynamic";

/** The project's workspace as a zip (without .git and node_modules), for people who may read it. */
export async function GET(req: Request, ctx: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await ctx.params;
  try {
    await authorizeProject(await principalFromRequest(req.headers), projectId, "projects:read");
    const root = workspaceRoot(projectId);
    if (!existsSync(root)) return Response.json({ error: "This project has no files yet." }, { status: 404 });
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } });
    // Streamed from the descriptors it opens (server/workspace/zip.ts), never re-read by name.
    const zip = await zipWorkspaceStream(root);
    const filename = `${project.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "project"}.zip`;
    return new Response(zip, {
      headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="${filename}"` },
    });
  } catch (err) {
    if (err instanceof AppError) return Response.json({ error: err.message }, { status: err.status });
    throw err;
  }
}
