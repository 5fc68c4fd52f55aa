import "server-only";
import { z } from "zod";
import { ProjectName } from "@/lib/names";
import { CostedPlan } from "@/lib/plan";
import { approvePlan, cancelProject, pauseProject, resumeProject, retryTask, answerQuestion, updateProjectSettings } from "@/server/orchestrator";
import { decideCommand } from "@/server/orchestrator/approvals";
import { savePlan } from "@/server/orchestrator/plan-edits";
import { approveChange, cancelChange, listChanges } from "@/server/orchestrator";
import {
  CreateProjectInput,
  createProject,
  deleteProject,
  listProjects,
  ProjectListFilter,
  renameProject,
  setProjectArchived,
  projectCommitDiff,
  projectDetail,
  projectFile,
  projectFiles,
  projectHistory,
  taskTimeline,
} from "@/server/projects";
import { callsModel, orgProcedure, projectProcedure, router } from "../trpc";

const Id = z.string().min(1).max(64);

export const projectsRouter = router({
  list: orgProcedure("projects:read")
    .input(ProjectListFilter.partial())
    .query(({ input }) => {
      const { orgId, ...filter } = input;
      return listProjects(orgId, filter);
    }),
  // Planning is a model call: outside the request transaction (see callsModel).
  create: callsModel(orgProcedure("projects:create"))
    .input(CreateProjectInput)
    .mutation(async ({ ctx, input }) => {
      const result = await createProject(input.orgId, { userId: ctx.principal.userId, name: ctx.principal.name, apiKeyId: ctx.principal.kind === "apiKey" ? ctx.principal.key.id : null }, input);
      Object.assign(ctx.audit, { targetType: "project", targetId: result.id });
      return result;
    }),
  get: projectProcedure("projects:read").query(({ input }) => projectDetail(input.projectId)),

  approve: projectProcedure("projects:run")
    // confirmOverBudget: the person saw that the plan does not fit what is left on its budgets.
    .input(z.object({ plan: CostedPlan.optional(), confirmOverBudget: z.boolean().optional() }))
    .mutation(({ ctx, input }) => approvePlan(input.projectId, actor(ctx), input.plan, { confirmOverBudget: input.confirmOverBudget })),
  // Save an edited plan (or pending change) without approving it: roles, dependencies, added tasks.
  savePlan: projectProcedure("projects:run")
    .input(z.object({ plan: CostedPlan, changeId: Id.optional() }))
    .mutation(({ ctx, input }) => {
      if (input.changeId) Object.assign(ctx.audit, { targetType: "change_request", targetId: input.changeId });
      return savePlan(input.projectId, actor(ctx), input.plan, input.changeId);
    }),
  cancel: projectProcedure("projects:run").mutation(({ ctx, input }) => cancelProject(input.projectId, actor(ctx))),
  // A change request waits for the same decision as a plan: approve (edited or not), or cancel.
  changes: projectProcedure("projects:read")
    .input(z.object({ changeId: Id.optional() }))
    .query(({ input }) => listChanges(input.projectId, input.changeId)),
  approveChange: projectProcedure("projects:run")
    .input(z.object({ changeId: Id, plan: CostedPlan.optional(), confirmOverBudget: z.boolean().optional() }))
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "change_request", targetId: input.changeId });
      return approveChange(input.projectId, input.changeId, actor(ctx), input.plan, { confirmOverBudget: input.confirmOverBudget });
    }),
  cancelChange: projectProcedure("projects:run")
    .input(z.object({ changeId: Id }))
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "change_request", targetId: input.changeId });
      return cancelChange(input.projectId, input.changeId, actor(ctx));
    }),
  // Housekeeping: renaming and archiving are everyday edits; deleting (with the workspace) is for admins.
  rename: projectProcedure("projects:update")
    .input(z.object({ name: ProjectName }))
    .mutation(({ ctx, input }) => renameProject(input.projectId, input.name, actor(ctx))),
  archive: projectProcedure("projects:update").mutation(({ ctx, input }) => setProjectArchived(input.projectId, true, actor(ctx))),
  restore: projectProcedure("projects:update").mutation(({ ctx, input }) => setProjectArchived(input.projectId, false, actor(ctx))),
  delete: projectProcedure("projects:delete").mutation(async ({ ctx, input }) => {
    const deleted = await deleteProject(input.projectId, actor(ctx));
    ctx.audit.detail = { name: deleted.name };
    return deleted;
  }),
  pause: projectProcedure("projects:run").mutation(({ ctx, input }) => pauseProject(input.projectId, actor(ctx))),
  resume: projectProcedure("projects:run").mutation(({ ctx, input }) => resumeProject(input.projectId, actor(ctx))),
  // Admins only: these settings are the controls that hold members (see lib/rbac.ts).
  updateSettings: projectProcedure("projects:safety")
    .input(
      z.object({
        requireCommandApproval: z.boolean().optional(),
        maxSteps: z.number().int().min(1).max(500).optional(),
        maxRunMinutes: z.number().min(0.05).max(24 * 60).optional(),
        // Route each agent role to the cheapest model within `marginPct` points of the best success rate.
        // A model per agent role ("*": every role), by catalog entry id or provider:model; [] clears them.
        modelOverrides: z
          .array(z.object({ role: z.string().trim().min(1, "Name the role to choose a model for").max(40), model: z.string().trim().min(1, "Choose the model for this role").max(200) }))
          .max(20, "At most 20 model overrides per project")
          .optional(),
        learnedRouting: z.object({ enabled: z.boolean(), marginPct: z.number().min(0, "The margin is at least 0 points").max(50, "The margin is at most 50 points") }).optional(),
      }),
    )
    .mutation(({ input }) => {
      const { projectId, ...settings } = input;
      return updateProjectSettings(projectId, settings);
    }),

  timeline: projectProcedure("tasks:read")
    .input(z.object({ taskId: Id }))
    .query(({ input }) => taskTimeline(input.projectId, input.taskId)),
  retryTask: projectProcedure("tasks:run")
    .input(z.object({ taskId: Id }))
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "task", targetId: input.taskId });
      return retryTask(input.projectId, input.taskId, actor(ctx));
    }),
  answer: projectProcedure("tasks:run")
    .input(z.object({ questionId: Id, answer: z.string().trim().min(1, "Write an answer").max(4000) }))
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "question", targetId: input.questionId });
      return answerQuestion(input.projectId, input.questionId, input.answer, actor(ctx));
    }),
  /** Approve or deny a command an agent waits to run (this run, this exact command); a denial needs a reason. */
  decideCommand: projectProcedure("tasks:run")
    .input(
      z.discriminatedUnion("decision", [
        z.object({ questionId: Id, decision: z.literal("approve") }),
        z.object({ questionId: Id, decision: z.literal("deny"), reason: z.string().trim().min(1, "Say why, so the agent can adapt").max(2000) }),
      ]),
    )
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "command_approval", targetId: input.questionId });
      return decideCommand(input.projectId, input.questionId, input.decision, input.decision === "deny" ? input.reason : undefined, actor(ctx));
    }),

  files: projectProcedure("projects:read").query(({ input }) => projectFiles(input.projectId)),
  file: projectProcedure("projects:read")
    .input(z.object({ path: z.string().min(1).max(400) }))
    .query(({ input }) => projectFile(input.projectId, input.path)),
  commits: projectProcedure("projects:read").query(({ input }) => projectHistory(input.projectId)),
  diff: projectProcedure("projects:read")
    .input(z.object({ sha: z.string().regex(/^[0-9a-f]{7,40}$/, "not a commit id") }))
    .query(({ input }) => projectCommitDiff(input.projectId, input.sha)),
});

function actor(ctx: { principal: { userId: string; name: string } }) {
  return { userId: ctx.principal.userId, name: ctx.principal.name };
}
