import "server-only";
import { activityRouter } from "./routers/activity";
import { apiKeysRouter } from "./routers/api-keys";
import { agentsRouter } from "./routers/agents";
import { auditRouter } from "./routers/audit";
import { budgetsRouter } from "./routers/budgets";
import { chatRouter } from "./routers/chat";
import { diagnosticsRouter } from "./routers/diagnostics";
import { meRouter, orgsRouter } from "./routers/me";
import { notificationsRouter } from "./routers/notifications";
import { invitesRouter, membersRouter } from "./routers/members";
import { modelsRouter } from "./routers/models";
import { projectsRouter } from "./routers/projects";
import { routingRouter } from "./routers/routing";
import { setupRouter } from "./routers/setup";
import { usageRouter } from "./routers/usage";
import { traceRouter } from "./routers/trace";
import { workspaceRouter } from "./routers/workspace";
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
  chat: chatRouter,
  models: modelsRouter,
  usage: usageRouter,
  apiKeys: apiKeysRouter,
  budgets: budgetsRouter,
  notifications: notificationsRouter,
  routing: routingRouter,
  trace: traceRouter,
  workspace: workspaceRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
