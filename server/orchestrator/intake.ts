import "server-only";
import { formatEstimate } from "@/lib/estimate";
import { roleLabel } from "@/lib/role-names";
import type { ModelMessage } from "ai";
import { IntakeDecision, type CostedPlan } from "@/lib/plan";
import { db, type Prisma } from "@/server/db";
import { withEvents } from "@/server/events";
import { tierQuotes } from "@/server/llm";
import type { StreamDelta } from "@/server/llm";
import { generateStructured } from "@/server/llm/structured";
import { AppError } from "@/server/errors";
import { changeSummary, proposeChange } from "./change-requests";
import { normaliseIntake } from "./plan-normalise";
import { emitRepairs } from "./repair-events";
import { mergedRepairs, planRequest, priced } from "./planner";

export type ChatTurn = {
  intent: IntakeDecision["intent"];
  text: string;
  projectId?: string;
  plan?: CostedPlan;
  /** A change request waiting for approval (its plan card acts on it). */
  changeId?: string;
};

/** Who is chatting; apiKeyId when they called with an API key (its budget pays, projects remember it). */
type Who = { orgId: string; userId: string; name: string; apiKeyId?: string | null };

const INTAKE_PROMPT = `<aios purpose="intake"/>
You are the planner of AIOS, a team of AI agents that builds software. Classify the person's latest
message: a new project to build, a change to one of the projects below, a question about a project's
status, or a general question. For a new project that is too vague to plan, ask one specific
clarifying question. For a general question, answer it briefly.`;

/** One chat turn: classify the message, then plan, change, report or answer. */
export async function handleChatTurn(
  who: Who,
  conversationId: string,
  history: ModelMessage[],
  /** Streaming: the intake answer as it is written (server/chat/reply-stream.ts reads the reply out of it). */
  live: { onDelta?: (d: StreamDelta) => void } = {},
): Promise<ChatTurn> {
  // Models refuse an empty conversation; there is nothing to classify without a message anyway.
  if (!history.some((m) => m.role === "user")) return { intent: "general_question", text: "Write a message first." };
  const projects = await db.project.findMany({
    where: { orgId: who.orgId },
    orderBy: { updatedAt: "desc" },
    take: 20,
    select: { id: true, name: true, status: true },
  });
  const list = projects.map((p) => `- project ${p.id}: ${p.name} — ${p.status}`).join("\n") || "(no projects yet)";
  const { object: decision, repairs } = await generateStructured({
    purpose: "intake",
    tier: "fast",
    system: `${INTAKE_PROMPT}\n\nProjects:\n${list}`,
    messages: history,
    schema: IntakeDecision,
    what: "answer",
    normalise: normaliseIntake,
    scope: { orgId: who.orgId, userId: who.userId, apiKeyId: who.apiKeyId ?? null },
    onDelta: live.onDelta,
  });
  if (repairs.length) await withEvents((_tx, emit) => emitRepairs(emit, { orgId: who.orgId }, "intake", repairs, who.name));
  const request = lastUserText(history);
  const project = projects.find((p) => p.id === decision.projectId);

  switch (decision.intent) {
    case "new_project":
      if (decision.needsClarification) return { intent: decision.intent, text: decision.reply };
      return proposeProject(who, conversationId, request);
    case "change_request":
      if (!project) return { intent: decision.intent, text: whichProject(projects) };
      return changeProject(who, conversationId, project, request);
    case "status_question":
      if (!project) return { intent: decision.intent, text: projects.length ? whichProject(projects) : "There are no projects yet. Describe what you want built and I will plan it." };
      return { intent: decision.intent, projectId: project.id, text: await statusReport(project.id) };
    default:
      return { intent: "general_question", text: decision.reply };
  }
}

function lastUserText(history: ModelMessage[]): string {
  const last = [...history].reverse().find((m) => m.role === "user");
  if (!last) return "";
  return typeof last.content === "string"
    ? last.content
    : last.content.map((p) => (p.type === "text" ? p.text : "")).join(" ");
}

function whichProject(projects: { name: string }[]): string {
  return `Which project do you mean? ${projects.slice(0, 5).map((p) => `"${p.name}"`).join(", ")}.`;
}

async function proposeProject(who: Who, conversationId: string, request: string): Promise<ChatTurn> {
  const plan = await planRequest({ orgId: who.orgId, userId: who.userId, apiKeyId: who.apiKeyId, request });
  const project = await withEvents(async (tx, emit) => {
    const p = await tx.project.create({
      data: {
        orgId: who.orgId,
        name: plan.name,
        goal: plan.goal,
        status: "draft",
        plan: plan as Prisma.InputJsonValue,
        conversationId,
        createdById: who.userId,
        createdByApiKeyId: who.apiKeyId ?? null,
      },
    });
    await emit({ orgId: who.orgId, projectId: p.id, type: "plan.proposed", payload: { name: plan.name, tasks: plan.tasks.length, costUsd: plan.totals.costUsd, by: who.name } });
    await emitRepairs(emit, { orgId: who.orgId, projectId: p.id }, "planning", plan.repairs, who.name);
    return p;
  });
  return {
    intent: "new_project",
    projectId: project.id,
    plan,
    text: `Here is a plan for **${plan.name}**: ${plan.tasks.length} tasks, ${formatEstimate(plan.totals.minutes, plan.offlineModel)}. Approve it to start, edit it, or cancel.`,
  };
}

/**
 * A change to a project. Nothing runs without a person's approval: on a draft the change joins the
 * proposed plan; on any later project it becomes a pending change request with its own plan card.
 */
async function changeProject(who: Who, conversationId: string, project: { id: string; name: string; status: string }, request: string): Promise<ChatTurn> {
  if (project.status === "cancelled") {
    return { intent: "change_request", projectId: project.id, text: `**${project.name}** was cancelled, so it cannot be changed. Describe what you want as a new project and I will plan it.` };
  }
  if (project.status !== "draft") {
    const change = await proposeChange(who, project.id, request, conversationId);
    const lead = change.grew ? `I added this to the pending change to **${project.name}**` : `Here is the change to **${project.name}**`;
    return {
      intent: "change_request",
      projectId: project.id,
      changeId: change.changeId,
      plan: change.plan,
      text: `${lead}: ${changeSummary(change.plan)}. Nothing runs until you approve it: approve, edit or cancel it below.`,
    };
  }
  const existing = await db.task.findMany({ where: { projectId: project.id }, select: { key: true, title: true, role: true, status: true } });
  const plan = await planRequest({ orgId: who.orgId, userId: who.userId, apiKeyId: who.apiKeyId, request, existingTasks: existing, projectId: project.id });
  const quotes = await tierQuotes(who.orgId);
  const merged = await withEvents(async (tx, emit) => {
    const p = await tx.project.findUniqueOrThrow({ where: { id: project.id } });
    if (p.status !== "draft") throw new AppError("CONFLICT", `"${p.name}" was approved while I planned the change. Send the change again to get its own plan.`);
    // Not approved yet: the change becomes part of the proposed plan, re-priced as a whole.
    const current = p.plan as CostedPlan;
    const next = await priced(p.orgId, { ...current, tasks: [...current.tasks, ...plan.tasks], ...mergedRepairs(current.repairs, plan.repairs) }, tx, quotes);
    await tx.project.update({ where: { id: project.id }, data: { plan: next as Prisma.InputJsonValue } });
    await emit({ orgId: p.orgId, projectId: project.id, type: "plan.proposed", payload: { name: next.name, tasks: next.tasks.length, costUsd: next.totals.costUsd, by: who.name } });
    await emitRepairs(emit, { orgId: p.orgId, projectId: project.id }, "planning", plan.repairs, who.name);
    return next;
  });
  return {
    intent: "change_request",
    projectId: project.id,
    plan,
    text: `I added this to the proposed plan for **${merged.name}** (now ${changeSummary(merged)}). Nothing runs until you approve the plan.`,
  };
}

/** A status answer from the project's real state (no model needed). */
export async function statusReport(projectId: string): Promise<string> {
  const p = await db.project.findUniqueOrThrow({ where: { id: projectId }, include: { tasks: { orderBy: { createdAt: "asc" } } } });
  const done = p.tasks.filter((t) => t.status === "succeeded").length;
  const lines = p.tasks.map((t) => `- ${t.title} (${roleLabel(t.role)}): ${t.status.replaceAll("_", " ")}`);
  return `**${p.name}** is ${p.status}: ${done} of ${p.tasks.length} tasks done.\n${lines.join("\n")}`;
}
