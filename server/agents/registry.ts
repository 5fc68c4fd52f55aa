import "server-only";
import { z } from "zod";
import { AGENT_TOOL_NAMES } from "@/lib/agent-tools";
import { db, type Tx } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { DEFAULT_TEAM } from "./team";

export const AgentInput = z.object({
  name: z.string().trim().min(2, "Name needs at least 2 characters").max(60),
  instructions: z.string().trim().min(10, "Instructions need at least 10 characters").max(8000),
  tools: z.array(z.enum(AGENT_TOOL_NAMES as [string, ...string[]])).max(AGENT_TOOL_NAMES.length),
  modelTier: z.enum(["fast", "standard", "deep"]),
  enabled: z.boolean().optional(),
});
export const NewAgentInput = AgentInput.extend({
  role: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9-]{1,39}$/, "Role is a short lowercase word, such as security or docs"),
});

/** Gives an org the default team (idempotent: existing roles are left as admins edited them). */
export async function ensureDefaultAgents(orgId: string, tx: Tx = db): Promise<void> {
  await tx.agent.createMany({
    data: DEFAULT_TEAM.map((a) => ({ orgId, ...a, isDefault: true })),
    skipDuplicates: true,
  });
}

export async function listAgents(orgId: string) {
  await ensureDefaultAgents(orgId);
  const [agents, running] = await Promise.all([
    db.agent.findMany({ where: { orgId }, orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }] }),
    db.run.findMany({
      where: { orgId, status: "running" },
      select: { agentId: true, projectId: true, task: { select: { key: true, title: true } }, project: { select: { name: true } } },
    }),
  ]);
  return agents.map((a) => {
    const current = running.filter((r) => r.agentId === a.id);
    return {
      id: a.id,
      role: a.role,
      name: a.name,
      instructions: a.instructions,
      tools: a.tools,
      modelTier: a.modelTier,
      isDefault: a.isDefault,
      enabled: a.enabled,
      working: current.map((r) => ({ projectId: r.projectId, projectName: r.project.name, taskKey: r.task.key, taskTitle: r.task.title })),
    };
  });
}

export async function updateAgent(orgId: string, agentId: string, input: z.infer<typeof AgentInput>) {
  const { count } = await db.agent.updateMany({ where: { id: agentId, orgId }, data: input });
  if (count === 0) throw notFound("Agent");
}

export async function createAgent(orgId: string, input: z.infer<typeof NewAgentInput>) {
  if (await db.agent.findUnique({ where: { orgId_role: { orgId, role: input.role } } })) {
    throw new AppError("CONFLICT", `An agent with the role "${input.role}" already exists. Edit it instead.`);
  }
  const agent = await db.agent.create({ data: { orgId, ...input } });
  return { id: agent.id };
}

/** The agent that works on tasks of `role` in an org; enabled agents only. Pass `tx` inside a transaction. */
export async function agentForRole(orgId: string, role: string, client: Tx = db) {
  await ensureDefaultAgents(orgId, client);
  return client.agent.findFirst({ where: { orgId, role, enabled: true } });
}
