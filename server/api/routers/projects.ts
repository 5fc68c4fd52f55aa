import "server-only";
import { CreateProjectInput, createProject, getProject, listProjects } from "@/server/projects";
import { orgProcedure, projectProcedure, router } from "../trpc";

export const projectsRouter = router({
  list: orgProcedure("projects:read").query(({ input }) => listProjects(input.orgId)),
  create: orgProcedure("projects:create")
    .input(CreateProjectInput)
    .mutation(async ({ ctx, input }) => {
      const result = await createProject(input.orgId, { userId: ctx.principal.userId, name: ctx.principal.name }, input);
      Object.assign(ctx.audit, { targetType: "project", targetId: result.id });
      return result;
    }),
  get: projectProcedure("projects:read").query(({ input }) => getProject(input.projectId)),
});
