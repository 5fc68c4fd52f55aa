import "server-only";
import { activityRouter, agentsRouter } from "./routers/activity";
import { auditRouter } from "./routers/audit";
import { diagnosticsRouter } from "./routers/diagnostics";
import { meRouter, orgsRouter } from "./routers/me";
import { invitesRouter, membersRouter } from "./routers/members";
import { projectsRouter } from "./routers/projects";
import { setupRouter } from "./routers/setup";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  setup: setupRouter,
  me: meRouter,
  orgs: orgsRouter,
  members: membersRouter,
  invites: invitesRouter,
  audit: auditRouter,
  projects: projectsRouter,
  agents: agentsRouter,
  activity: activityRouter,
  diagnostics: diagnosticsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
