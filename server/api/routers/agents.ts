import "server-only";
import { z } from "zod";
import { AgentInput, createAgent, listAgents, NewAgentInput, updateAgent } from "@/server/agents/registry";
import { modelStatus } from "@/server/llm";
import { sandboxCapabilities } from "@/server/workspace";
import { orgProcedure, router } from "../trpc";

export const agentsRouter = router({
  list: orgProcedure("agents:read").query(({ input }) => listAgents(input.orgId)),
  update: orgProcedure("agents:manage")
    .input(AgentInput.extend({ agentId: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "agent", targetId: input.agentId });
      const { agentId, orgId, ...fields } = input;
      await updateAgent(orgId, agentId, fields);
    }),
  create: orgProcedure("agents:manage")
    .input(NewAgentInput)
    .mutation(async ({ ctx, input }) => {
      const { orgId, ...fields } = input;
      const result = await createAgent(orgId, fields);
      Object.assign(ctx.audit, { targetType: "agent", targetId: result.id });
      return result;
    }),
  /** Which models the tiers use (and whether it is the offline demo model) and which sandbox protections are active. */
  runtime: orgProcedure("agents:read").query(async () => ({ models: modelStatus(), sandbox: await sandboxCapabilities() })),
});
