import "server-only";
import { existsSync } from "node:fs";
import { z } from "zod";
import type { Feedback } from "@/server/agents/prompt";
import { withWorkspaceLock } from "@/server/agents/workspace-lock";
import { db, type Prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { withEvents } from "@/server/events";
import { ensureWorkspace, MAX_EDIT_BYTES, openForEdit, saveEdit, workspaceRoot } from "@/server/workspace";

// A person's edit of the project's workspace: one file, committed under their name, refused while an
// agent works in the workspace, and announced to the tasks still to run (in their brief, prompt.ts).

export const SaveFileInput = z.object({
  path: z.string().trim().min(1, "Give the file a name").max(400, "A path is at most 400 characters"),
  // Characters, not bytes: the byte limit is checked with a sentence by the service (saveEdit).
  content: z.string().max(MAX_EDIT_BYTES, `A file edited in the browser is at most ${MAX_EDIT_BYTES / 1024} KiB`),
  /** The version the editor opened (git blob id); null creates a new file. */
  version: z.string().regex(/^[0-9a-f]{40}$/, "That is not a file version").nullable(),
  message: z.string().trim().min(1, "Describe the change in a few words").max(2000, "A commit message is at most 2000 characters"),
});
export type SaveFileInput = z.infer<typeof SaveFileInput>;

type Person = { userId: string; name: string; email: string };

// Edits a task has not yet seen are kept to the latest few: the brief stays short after many saves.
const MAX_EDIT_NOTES = 10;

export async function openProjectFile(projectId: string, path: string) {
  const root = workspaceRoot(projectId);
  if (!existsSync(root)) throw new AppError("NOT_FOUND", "This project has no files yet.");
  return openForEdit(root, path);
}

export async function saveProjectFile(projectId: string, person: Person, input: SaveFileInput) {
  await refuseWhileAgentsWork(projectId);
  const root = await ensureWorkspace(projectId);
  // The agents' lock: in this process, no tool call or agent commit runs between the check and the commit.
  const commit = await withWorkspaceLock(root, () =>
    saveEdit(root, { ...input, authorName: person.name, authorEmail: person.email }),
  );
  const title = input.message.split("\n")[0]!.trim();
  const note: Feedback = { from: person.name, kind: "edit", text: `${commit.files.join(", ")} — ${title}`, at: new Date().toISOString() };
  await withEvents(async (tx, emit) => {
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { orgId: true } });
    const open = await tx.task.findMany({ where: { projectId, status: { notIn: ["succeeded", "cancelled"] } }, select: { id: true, feedback: true } });
    for (const task of open) {
      const earlier = (task.feedback as Feedback[] | null) ?? [];
      const edits = [...earlier.filter((f) => f.kind === "edit"), note].slice(-MAX_EDIT_NOTES);
      const feedback = [...earlier.filter((f) => f.kind !== "edit"), ...edits];
      await tx.task.update({ where: { id: task.id }, data: { feedback: feedback as Prisma.InputJsonValue } });
    }
    await emit({
      orgId: project.orgId,
      projectId,
      type: "workspace.edited",
      payload: { path: commit.path, sha: commit.sha, message: input.message, files: commit.files, created: input.version === null, by: person.name },
    });
  });
  return { sha: commit.sha, path: commit.path, version: commit.version, files: commit.files };
}

async function refuseWhileAgentsWork(projectId: string): Promise<void> {
  // A queued run is as good as running: a worker may claim it at any moment (even in a paused project,
  // where it stops at its first heartbeat).
  const busy = await db.run.findFirst({
    where: { projectId, status: { in: ["queued", "running"] } },
    select: { task: { select: { title: true } } },
  });
  if (busy) {
    throw new AppError(
      "CONFLICT",
      `An agent is working in this workspace right now (“${busy.task.title}”). Save again when it finishes, or pause the project and wait for the agent to stop. Your text is still in the editor.`,
    );
  }
}
