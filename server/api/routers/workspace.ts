import "server-only";
import { z } from "zod";
import { openProjectFile, saveProjectFile, SaveFileInput } from "@/server/projects/edit-file";
import { projectProcedure, router } from "../trpc";

/** Editing the project's workspace in the browser: open a file with its version, save it as a commit. */
export const workspaceRouter = router({
  open: projectProcedure("projects:read")
    .input(z.object({ path: z.string().min(1).max(400) }))
    .query(({ input }) => openProjectFile(input.projectId, input.path)),
  // Viewers read only; the commit carries the person's own name and e-mail (an API key: its creator's).
  save: projectProcedure("projects:update")
    .input(SaveFileInput)
    .mutation(({ ctx, input }) => {
      const { projectId, ...edit } = input;
      const { userId, name, email } = ctx.principal;
      return saveProjectFile(projectId, { userId, name, email }, edit);
    }),
});
