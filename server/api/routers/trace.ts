import "server-only";
import { z } from "zod";
import { readCallTrace } from "@/server/llm/trace";
import { orgProcedure, projectProcedure, router } from "../trpc";

const CallId = z.object({ callId: z.string().min(1).max(64) });

/** The model trace of one LlmCall: from a project's timeline (anyone who sees the project) or Admin → Usage. */
export const traceRouter = router({
  projectCall: projectProcedure("projects:read")
    .input(CallId)
    .query(({ ctx, input }) => readCallTrace(ctx.org.orgId, input.callId, ctx.project.id)),
  orgCall: orgProcedure("usage:read")
    .input(CallId)
    .query(({ input }) => readCallTrace(input.orgId, input.callId)),
});
