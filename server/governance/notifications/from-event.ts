import "server-only";
import type { LiveEvent } from "@/lib/events";
import type { Tx } from "@/server/db";
import type { Emit } from "@/server/events/with-events";
import { notify, type NewNotification } from "./notify";

const clip = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const WAITS: Record<string, { title: (project: string) => string; lead: string }> = {
  question: { title: (p) => `An agent asks a question in “${p}”`, lead: "The agent waits for your answer:" },
  command_approval: { title: (p) => `A command waits for approval in “${p}”`, lead: "The agent waits for approval to run:" },
  budget: { title: (p) => `“${p}” waits for a budget decision`, lead: "The agent waits for a decision:" },
};

const ENDINGS: Record<string, { title: (project: string) => string; severity: NewNotification["severity"]; body: string }> = {
  completed: { title: (p) => `“${p}” is finished`, severity: "info", body: "Every task succeeded. Open the project to see the result." },
  failed: { title: (p) => `“${p}” failed`, severity: "critical", body: "A task failed; retry it to continue." },
  needs_attention: { title: (p) => `“${p}” needs attention`, severity: "warning", body: "A task ended without its acceptance criteria checked." },
};

/**
 * The one place where project events become notifications: an agent waiting for a person (a question,
 * a command approval, a budget decision) goes to everyone who may answer; a project that finished or
 * failed goes to the person who started it (or, without one, to everyone who runs projects). Runs in
 * the event's transaction; keyed by the event, so a replayed event never notifies twice.
 * Returns the new notification's id (for the e-mail sent after commit), or null.
 */
export async function notifyForEvent(tx: Tx, event: LiveEvent, emit: Emit): Promise<string | null> {
  if (!event.projectId || (event.type !== "question.asked" && event.type !== "project.status")) return null;
  const p = event.payload as { kind?: string; text?: string; status?: string; reason?: string };
  const wait = event.type === "question.asked" ? WAITS[p.kind ?? "question"] ?? WAITS.question! : null;
  const ending = event.type === "project.status" ? ENDINGS[p.status ?? ""] : null;
  if (!wait && !ending) return null;
  const project = await tx.project.findUnique({ where: { id: event.projectId }, select: { name: true, createdById: true } });
  if (!project) return null;
  const base = { orgId: event.orgId, projectId: event.projectId, link: `/projects/${event.projectId}`, dedupeKey: `event:${event.id}` };
  const n: NewNotification = wait
    ? { ...base, kind: "agent_waiting", severity: "warning", permission: "tasks:run", title: wait.title(project.name), body: `${wait.lead} ${clip(p.text ?? "")}` }
    : {
        ...base,
        kind: `project_${p.status}`,
        severity: ending!.severity,
        ...(project.createdById ? { userId: project.createdById } : { permission: "projects:run" as const }),
        title: ending!.title(project.name),
        body: p.reason ?? ending!.body,
      };
  return notify(tx, n, emit);
}
