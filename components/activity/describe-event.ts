import {
  Activity,
  Archive,
  ArchiveRestore,
  Pencil,
  Trash2,
  ArrowRightLeft,
  Ban,
  Bell,
  CircleAlert,
  CircleCheck,
  CirclePause,
  CirclePlay,
  CircleX,
  ClipboardList,
  Clock,
  Cpu,
  FileCode,
  FoldVertical,
  FolderPlus,
  GitPullRequestArrow,
  GitCommitHorizontal,
  ListPlus,
  MessageCircleQuestionMark,
  MessageCircleReply,
  MessageSquareText,
  OctagonX,
  Radio,
  ShieldCheck,
  ShieldX,
  SquareTerminal,
  TriangleAlert,
  UserMinus,
  UserPlus,
  UserCog,
  WandSparkles,
  Wrench,
  type LucideIcon,
} from "lucide-react";
import type { LiveEvent } from "@/lib/events";
import { formatMs, humanize, pluralize } from "@/lib/format";
import { ROLE_LABELS, type Role } from "@/lib/rbac";
import { roleLabel } from "@/components/agents/role-label";
import { formatUsd } from "@/components/plan/plan-format";
import { contextSentence, stoppedTitle } from "@/components/timeline/coping-text";

export type EventLine = { text: string; icon: LucideIcon; tone: "default" | "success" | "warning" | "destructive" };

type P = Record<string, unknown>;
const str = (p: P, key: string): string | undefined => (typeof p[key] === "string" ? (p[key] as string) : undefined);
const num = (p: P, key: string): number | undefined => (typeof p[key] === "number" && Number.isFinite(p[key]) ? (p[key] as number) : undefined);
const role = (value: string | undefined) => (value && value in ROLE_LABELS ? ROLE_LABELS[value as Role] : value);

/** The first line of `text`, cut to `max` characters. */
function clip(text: string | undefined, max = 140): string {
  const line = (text ?? "").trim().split("\n")[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}
const withReason = (text: string, reason: string | undefined) => (reason ? `${text}: ${clip(reason)}` : text);

/** One human sentence per event type; unknown types still read sensibly. */
export function describeEvent(event: LiveEvent): EventLine {
  const line = describe(event);
  return { ...line, text: line.text.charAt(0).toUpperCase() + line.text.slice(1) };
}

function describe(event: LiveEvent): EventLine {
  const p = (event.payload && typeof event.payload === "object" ? event.payload : {}) as P;
  const by = str(p, "by");
  switch (event.type) {
    case "project.created":
      return { text: `${by ?? "Someone"} created project “${str(p, "name") ?? "Untitled"}”`, icon: FolderPlus, tone: "success" };
    case "member.invited":
      return { text: `${by ?? "Someone"} invited ${str(p, "email") ?? "a person"} as ${role(str(p, "role")) ?? "a member"}`, icon: UserPlus, tone: "default" };
    case "member.joined":
      return { text: `${str(p, "name") ?? "Someone"} joined as ${role(str(p, "role")) ?? "a member"}`, icon: UserPlus, tone: "success" };
    case "member.updated": {
      const name = str(p, "name") ?? "a member";
      const status = str(p, "status");
      const newRole = role(str(p, "role"));
      const change = newRole
        ? `made ${name} ${newRole === "Admin" || newRole === "Owner" ? "an" : "a"} ${newRole}`
        : status === "disabled"
          ? `disabled ${name}`
          : status === "active"
            ? `re-enabled ${name}`
            : `updated ${name}`;
      return { text: `${by ?? "Someone"} ${change}`, icon: status === "disabled" ? ShieldCheck : UserCog, tone: status === "disabled" ? "warning" : "default" };
    }
    case "member.removed":
      return { text: `${by ?? "Someone"} removed ${str(p, "name") ?? "a member"}`, icon: UserMinus, tone: "destructive" };
    case "diagnostics.pong":
      return { text: `Queue test job answered by ${str(p, "worker") ?? "a worker"}: “${str(p, "message") ?? ""}”`, icon: Radio, tone: "default" };
    case "plan.proposed": {
      const tasks = num(p, "tasks") ?? 0;
      return { text: `Plan proposed: ${str(p, "name") ?? "a project"} (${pluralize(tasks, "task")}, ${formatUsd(num(p, "costUsd") ?? 0)})`, icon: ClipboardList, tone: "default" };
    }
    case "change.proposed": {
      const tasks = num(p, "tasks") ?? 0;
      return {
        text: `${by ?? "Someone"} asked for a change: ${str(p, "name") ?? "a change"} (${pluralize(tasks, "task")}, ${formatUsd(num(p, "costUsd") ?? 0)}), awaiting approval`,
        icon: GitPullRequestArrow,
        tone: "warning",
      };
    }
    case "change.decided":
      return str(p, "decision") === "approved"
        ? { text: `${by ?? "Someone"} approved the change: ${pluralize(num(p, "tasks") ?? 0, "task")} added`, icon: CircleCheck, tone: "success" }
        : { text: `${by ?? "Someone"} cancelled the change; nothing was added`, icon: Ban, tone: "default" };
    case "project.status":
      return projectStatus(str(p, "status"), by, str(p, "reason"));
    case "project.renamed":
      return { text: `${by ?? "Someone"} renamed project “${str(p, "previous") ?? ""}” to “${str(p, "name") ?? ""}”`, icon: Pencil, tone: "default" };
    case "project.archived":
      return p.archived
        ? { text: `${by ?? "Someone"} archived project “${str(p, "name") ?? ""}”`, icon: Archive, tone: "default" }
        : { text: `${by ?? "Someone"} restored project “${str(p, "name") ?? ""}”`, icon: ArchiveRestore, tone: "default" };
    case "project.deleted":
      return { text: `${by ?? "Someone"} deleted project “${str(p, "name") ?? ""}”`, icon: Trash2, tone: "warning" };
    case "task.status":
      return taskStatus(p);
    case "task.added":
      return { text: `Task added for ${roleLabel(str(p, "role"))}: ${str(p, "title") ?? str(p, "taskKey") ?? "a task"}`, icon: ListPlus, tone: "default" };
    case "agent.text":
      return { text: `${roleLabel(str(p, "role"))}: “${clip(str(p, "text"))}”`, icon: MessageSquareText, tone: "default" };
    case "agent.tool_call":
      return toolCall(roleLabel(str(p, "role")), str(p, "tool") ?? "a tool", p.input);
    case "agent.tool_result": {
      const ok = p.ok === true;
      const command = str(p, "command");
      if (command !== undefined) return commandResult(command, ok, p);
      const ms = num(p, "durationMs");
      const took = ms === undefined ? "" : ` in ${formatMs(ms)}`;
      const text = `${str(p, "tool") ?? "Tool"} ${ok ? "succeeded" : "failed"}${took}`;
      return { text: ok ? text : withReason(text, str(p, "output")), icon: ok ? CircleCheck : CircleX, tone: ok ? "default" : "destructive" };
    }
    case "agent.repair":
      return { text: `${roleLabel(str(p, "role"))}: ${clip(str(p, "detail"), 200)}`, icon: WandSparkles, tone: "default" };
    case "agent.warning":
      return { text: `${roleLabel(str(p, "role"))} was warned: ${clip(str(p, "message"), 200)}`, icon: TriangleAlert, tone: "warning" };
    case "agent.stopped":
      return { text: withReason(`${roleLabel(str(p, "role"))}: ${stoppedTitle(str(p, "kind") ?? "", p.asked === true)}`, str(p, "message")), icon: OctagonX, tone: "destructive" };
    case "agent.context":
      return {
        text: `${roleLabel(str(p, "role"))}: ${contextSentence({
          masked: num(p, "masked") ?? 0,
          condensed: p.condensed === true,
          throughStep: num(p, "throughStep"),
          tokensBefore: num(p, "tokensBefore") ?? 0,
          tokensAfter: num(p, "tokensAfter") ?? 0,
          contextWindow: num(p, "contextWindow") ?? 0,
        })}`,
        icon: FoldVertical,
        tone: "default",
      };
    case "agent.handoff": {
      const from = roleLabel(str(p, "from"));
      const to = roleLabel(str(p, "to"));
      const reason = str(p, "reason");
      if (str(p, "kind") === "return") return { text: withReason(`${from} returned the work to ${to}`, reason), icon: ArrowRightLeft, tone: "warning" };
      return { text: withReason(`${from} asked ${to} for help`, reason), icon: ArrowRightLeft, tone: "default" };
    }
    case "question.asked": {
      const who = roleLabel(str(p, "role"));
      if (str(p, "kind") === "command_approval") return { text: `${who} wants to run \`${clip(str(p, "text"), 100)}\` and is waiting for approval`, icon: SquareTerminal, tone: "warning" };
      return { text: `${who} asks: “${clip(str(p, "text"))}”`, icon: MessageCircleQuestionMark, tone: "warning" };
    }
    case "question.answered": {
      const decision = str(p, "decision");
      const command = `\`${clip(str(p, "command"), 100)}\``;
      if (decision === "approved") return { text: `${by ?? "Someone"} approved ${command}`, icon: ShieldCheck, tone: "success" };
      if (decision === "denied") return { text: withReason(`${by ?? "Someone"} denied ${command}`, str(p, "answer")), icon: ShieldX, tone: "warning" };
      return { text: `${by ?? "Someone"} answered: “${clip(str(p, "answer"))}”`, icon: MessageCircleReply, tone: "success" };
    }
    case "question.expired": {
      const what = str(p, "kind") === "command_approval" ? `The approval for \`${clip(str(p, "text"), 100)}\`` : "An agent's question";
      return { text: withReason(`${what} expired`, str(p, "reason")), icon: Clock, tone: "default" };
    }
    case "git.commit": {
      const files = Array.isArray(p.files) ? p.files.length : 0;
      const sha = (str(p, "sha") ?? "").slice(0, 7);
      return { text: withReason(`${roleLabel(str(p, "role"))} committed ${pluralize(files, "file")}${sha ? ` (${sha})` : ""}`, str(p, "message")), icon: GitCommitHorizontal, tone: "default" };
    }
    case "workspace.edited": {
      const sha = (str(p, "sha") ?? "").slice(0, 7);
      const verb = p.created === true ? "created" : "edited";
      return { text: withReason(`${by ?? "Someone"} ${verb} ${str(p, "path") ?? "a file"}${sha ? ` (${sha})` : ""}`, str(p, "message")), icon: GitCommitHorizontal, tone: "default" };
    }
    case "notification.created":
      return { text: str(p, "kind") === "budget" ? "A budget alert was sent to the people who manage budgets" : "A notification was sent", icon: Bell, tone: "warning" };
    case "answer.repaired": {
      const repairs = Array.isArray(p.repairs) ? p.repairs.filter((r): r is string => typeof r === "string") : [];
      const whose = str(p, "purpose") === "intake" ? `the model's reading of ${by ? `${by}'s` : "a"} message` : "the model's plan";
      return { text: withReason(`AIOS fixed ${pluralize(repairs.length, "small problem")} in ${whose}`, repairs.join("; ")), icon: Wrench, tone: "default" };
    }
    case "llm.call": {
      const tokens = (num(p, "tokensIn") ?? 0) + (num(p, "tokensOut") ?? 0);
      const what = `${humanize(str(p, "purpose") ?? "model")} call on ${str(p, "model") ?? "a model"}`;
      if (str(p, "status") === "error") return { text: withReason(`${what} failed`, str(p, "error")), icon: Cpu, tone: "destructive" };
      const ms = num(p, "latencyMs");
      return { text: `${what}: ${tokens.toLocaleString("en")} tokens, ${formatUsd(num(p, "costUsd") ?? 0)}${ms === undefined ? "" : `, ${formatMs(ms)}`}`, icon: Cpu, tone: "default" };
    }
    default:
      return { text: humanize(event.type), icon: Activity, tone: "default" };
  }
}

function projectStatus(status: string | undefined, by: string | undefined, reason: string | undefined): EventLine {
  switch (status) {
    case "running":
      if (reason) return { text: withReason("The project is running again", reason), icon: CirclePlay, tone: "default" };
      return { text: by ? `${by} started the project` : "The project is running", icon: CirclePlay, tone: "success" };
    case "paused":
      return { text: withReason(`${by ?? "Someone"} paused the project`, reason), icon: CirclePause, tone: "warning" };
    case "completed":
      return { text: "The project is complete", icon: CircleCheck, tone: "success" };
    case "failed":
      return { text: withReason("The project failed", reason), icon: CircleX, tone: "destructive" };
    case "needs_attention":
      return { text: withReason("The project needs attention", reason), icon: CircleAlert, tone: "warning" };
    case "cancelled":
      return { text: withReason(`${by ?? "Someone"} cancelled the project`, reason), icon: Ban, tone: "warning" };
    default:
      return { text: withReason(`The project is ${humanize(status ?? "updated").toLowerCase()}`, reason), icon: Activity, tone: "default" };
  }
}

function taskStatus(p: P): EventLine {
  const who = roleLabel(str(p, "role"));
  const title = str(p, "title") ?? str(p, "taskKey") ?? "a task";
  const reason = str(p, "reason");
  const attempt = num(p, "attempt") ?? 1;
  const again = attempt > 1 ? ` (attempt ${attempt})` : "";
  switch (str(p, "status")) {
    case "queued":
      return { text: `${title} is queued for ${who}${again}`, icon: Clock, tone: "default" };
    case "running":
      return { text: `${who} started ${title}${again}`, icon: CirclePlay, tone: "default" };
    case "succeeded":
      return { text: `${who} finished ${title}`, icon: CircleCheck, tone: "success" };
    case "needs_attention":
      return { text: withReason(`${title} needs attention`, reason), icon: CircleAlert, tone: "warning" };
    case "failed":
      return { text: withReason(`${who} failed ${title}`, reason), icon: CircleX, tone: "destructive" };
    case "cancelled":
      return { text: withReason(`${title} was cancelled`, reason), icon: Ban, tone: "warning" };
    case "waiting_for_human":
      return { text: withReason(`${who} is waiting for a person on ${title}`, reason), icon: MessageCircleQuestionMark, tone: "warning" };
    case "pending":
      return { text: withReason(`${title} is waiting`, reason), icon: Clock, tone: "default" };
    default:
      return { text: withReason(`${title} is ${humanize(str(p, "status") ?? "updated").toLowerCase()}`, reason), icon: Wrench, tone: "default" };
  }
}

/** What a command's result says happened: it ran (with its exit code), or it did not run and why. */
function commandResult(command: string, ok: boolean, p: P): EventLine {
  const cmd = `\`${clip(command, 100)}\``;
  const code = num(p, "exitCode");
  const ms = num(p, "durationMs");
  const took = ms === undefined ? "" : ` in ${formatMs(ms)}`;
  if (!("exitCode" in p)) return { text: withReason(`${cmd} did not run`, str(p, "output")), icon: CircleX, tone: "warning" };
  if (code === undefined) return { text: `${cmd} ran and was stopped (timed out or killed)${took}`, icon: CircleX, tone: "destructive" };
  return { text: `${cmd} ran: exit code ${code}${took}`, icon: ok ? CircleCheck : CircleX, tone: ok ? "default" : "destructive" };
}

/** "Backend engineer asked to run `npm test`", "… wrote src/app.js". */
function toolCall(who: string, tool: string, input: unknown): EventLine {
  const i = (input && typeof input === "object" ? input : {}) as P;
  const path = str(i, "path");
  switch (tool) {
    // The call is a request: whether it ran (or waits for approval) is told by the events that follow.
    case "run_command":
      return { text: `${who} asked to run \`${clip(str(i, "command"), 100)}\``, icon: SquareTerminal, tone: "default" };
    case "write_file":
      return { text: `${who} wrote ${path ?? "a file"}`, icon: FileCode, tone: "default" };
    case "patch_file":
      return { text: `${who} edited ${path ?? "a file"}`, icon: FileCode, tone: "default" };
    case "read_file":
      return { text: `${who} read ${path ?? "a file"}`, icon: FileCode, tone: "default" };
    case "delete_file":
      return { text: `${who} deleted ${path ?? "a file"}`, icon: FileCode, tone: "warning" };
    case "list_files":
      return { text: `${who} listed the files${path ? ` in ${path}` : ""}`, icon: FileCode, tone: "default" };
    case "git_diff":
      return { text: `${who} reviewed the changes`, icon: GitCommitHorizontal, tone: "default" };
    default:
      return { text: `${who} called ${tool}`, icon: Wrench, tone: "default" };
  }
}
