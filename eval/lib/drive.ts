import { readFileSync } from "node:fs";
import { join } from "node:path";
import { filesUnder, type SuiteTask } from "./suite";
import type { Who } from "./platform";

// Drives one task the way a person would: a chat message, the plan approved as proposed, and waiting
// for the team to finish. A bug fix first gets its seed repository committed to the workspace; a change
// request first builds the earlier project, then sends the change and approves it. Nobody answers the
// agents' questions in an eval: a project that waits for a person stops there.

const SETTLED = new Set(["completed", "failed", "cancelled", "needs_attention"]);
const POLL_MS = 250;

export type DriveOutcome = {
  projectId: string | null;
  /** The project's status when the harness stopped waiting (or why it never ran). */
  status: string;
  /** Set when the run did not get as far as a finished project: in words, for the report. */
  problem: string | null;
  wallMs: number;
};

export async function driveTask(task: SuiteTask, who: Who, deadline: number): Promise<DriveOutcome> {
  const started = performance.now();
  const done = (projectId: string | null, status: string, problem: string | null): DriveOutcome => ({
    projectId,
    status,
    problem,
    wallMs: performance.now() - started,
  });
  try {
    if (task.before) {
      const earlier = await newProject(who, task.before, null, deadline);
      if (earlier.problem || !earlier.projectId) return done(earlier.projectId, earlier.status, `earlier project: ${earlier.problem ?? earlier.status}`);
      if (earlier.status !== "completed") return done(earlier.projectId, earlier.status, `the earlier project ended ${earlier.status}, so the change was not sent`);
      const changed = await changeProject(who, earlier.projectId, task.request, deadline);
      return done(earlier.projectId, changed.status, changed.problem);
    }
    const r = await newProject(who, task.request, task.seedDir ?? null, deadline);
    return done(r.projectId, r.status, r.problem);
  } catch (err) {
    return done(null, "error", `the harness could not drive the task: ${err instanceof Error ? err.message : String(err)}`);
  }
}

type Step = { projectId: string | null; status: string; problem: string | null };

async function chat(who: Who, text: string) {
  const { db } = await import("@/server/db");
  const { handleChatTurn } = await import("@/server/orchestrator");
  const conversation = await db.conversation.create({ data: { orgId: who.orgId, userId: who.userId, title: text.slice(0, 40) } });
  return handleChatTurn(who, conversation.id, [{ role: "user", content: text }]);
}

async function newProject(who: Who, request: string, seedDir: string | null, deadline: number): Promise<Step> {
  const { approvePlan } = await import("@/server/orchestrator");
  const turn = await chat(who, request);
  if (turn.intent !== "new_project" || !turn.projectId) {
    const what = turn.intent === "new_project" ? "asked a clarifying question instead of planning" : `took the request for "${turn.intent}" instead of a new project`;
    return { projectId: null, status: "not started", problem: `intake ${what}: ${clip(turn.text)}` };
  }
  if (seedDir) await seedWorkspace(turn.projectId, seedDir);
  await approvePlan(turn.projectId, actor(who));
  return settle(who, turn.projectId, deadline);
}

async function changeProject(who: Who, projectId: string, request: string, deadline: number): Promise<Step> {
  const { approveChange } = await import("@/server/orchestrator");
  const turn = await chat(who, request);
  if (turn.intent !== "change_request" || turn.projectId !== projectId || !turn.changeId) {
    return { projectId, status: "completed", problem: `intake took the change for "${turn.intent}" instead of a change to the project: ${clip(turn.text)}` };
  }
  await approveChange(projectId, turn.changeId, actor(who));
  return settle(who, projectId, deadline);
}

/** The seed repository, committed before the agents start (the same file and commit functions the agents use). */
async function seedWorkspace(projectId: string, seedDir: string): Promise<void> {
  const { commitAll, ensureWorkspace, writeFile } = await import("@/server/workspace");
  const root = await ensureWorkspace(projectId);
  for (const rel of filesUnder(seedDir)) await writeFile(root, rel, readFileSync(join(seedDir, rel), "utf8"));
  await commitAll(root, { message: "The existing project (seeded by the eval harness)", authorName: "Eval seed", authorEmail: "seed@eval.aios.local" });
}

/** Waits for the project to settle, for a question nobody will answer, or for the deadline (then cancels it). */
async function settle(who: Who, projectId: string, deadline: number): Promise<Step> {
  const { db } = await import("@/server/db");
  const { cancelProject } = await import("@/server/orchestrator");
  for (;;) {
    const p = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { status: true } });
    if (SETTLED.has(p.status)) return { projectId, status: p.status, problem: null };
    const [open, busy] = await Promise.all([
      db.question.count({ where: { projectId, answeredAt: null, outcome: null } }),
      db.task.count({ where: { projectId, status: { in: ["ready", "queued", "running"] } } }),
    ]);
    if (open > 0 && busy === 0) {
      await cancelProject(projectId, actor(who)).catch(() => {});
      return { projectId, status: "waiting_for_human", problem: "an agent asked a person a question (nobody answers in an eval); the project was cancelled" };
    }
    if (Date.now() > deadline) {
      await cancelProject(projectId, actor(who)).catch(() => {});
      return { projectId, status: p.status, problem: "timed out (the project was cancelled)" };
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

const actor = (who: Who) => ({ userId: who.userId, name: who.name });
const clip = (text: string) => (text.length > 200 ? `${text.slice(0, 199)}…` : text);
