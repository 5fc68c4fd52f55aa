import { z } from "zod";

// The tools an agent may call: names, input schemas and what each is for. Shared by the server
// (which validates and executes them), the offline model (which calls them by name) and the UI
// (which renders calls in the timeline). Paths are relative to the project's workspace.

const RelPath = z.string().trim().min(1).max(400).describe("Path relative to the workspace root");

/** One acceptance criterion as the agent judges it when it finishes; the server checks the evidence. */
export const CriterionVerdict = z.object({
  criterion: z.string().trim().min(1).max(1000).describe("The acceptance criterion, as written in the task"),
  met: z.boolean(),
  evidence: z.string().trim().max(2000).optional().describe("The exact command run in this task that shows it (exit code 0)"),
});
export type CriterionVerdict = z.infer<typeof CriterionVerdict>;

export const AGENT_TOOLS = {
  list_files: {
    description: "List files in the workspace (recursively), optionally under a folder.",
    input: z.object({ path: RelPath.optional() }),
    mutates: false,
  },
  read_file: {
    description: "Read a text file from the workspace.",
    input: z.object({ path: RelPath }),
    mutates: false,
  },
  write_file: {
    description: "Create or overwrite a text file in the workspace.",
    input: z.object({ path: RelPath, content: z.string() }),
    mutates: true,
  },
  patch_file: {
    description:
      "Replace the text `find` with `replace` in a file. Copy `find` from the file with a few lines of context so it matches one place; a match that differs only in whitespace, or is very close, is applied and you are told where. If it matches several places or none, nothing changes and you get the candidate or nearest lines. For large changes, or if patching keeps failing, rewrite the whole file with write_file.",
    input: z.object({ path: RelPath, find: z.string().min(1), replace: z.string() }),
    mutates: true,
  },
  delete_file: {
    description: "Delete a file from the workspace.",
    input: z.object({ path: RelPath }),
    mutates: true,
  },
  run_command: {
    description: "Run a shell command in the workspace sandbox (no network, time and output limits).",
    input: z.object({
      command: z.string().trim().min(1).max(2000),
      timeoutSeconds: z.number().int().min(1).max(600).optional(),
    }),
    mutates: true,
  },
  git_diff: {
    description: "Show the uncommitted changes in the workspace.",
    input: z.object({}),
    mutates: false,
  },
  handoff: {
    description:
      "Ask another agent for help, or give the task back to the agent who owns the fix (kind: return) with the reason.",
    input: z.object({
      toRole: z.string().trim().min(1).max(40),
      kind: z.enum(["ask", "return"]),
      reason: z.string().trim().min(1).max(4000),
    }),
    mutates: true,
  },
  ask_human: {
    description: "Ask a person a question; the task waits until they answer.",
    input: z.object({ question: z.string().trim().min(1).max(2000) }),
    mutates: true,
  },
  finish: {
    description:
      "Finish the task: a summary, and for every acceptance criterion a verdict (met or not) with its evidence — the exact command you ran in this task that checks it and exited 0 (its tests, a test file, a check script). The server checks the evidence against this run's commands; a criterion not met or not checked leaves the task needing a person's attention.",
    input: z.object({
      summary: z.string().trim().min(1).max(4000),
      criteria: z.array(CriterionVerdict).max(50).default([]),
    }),
    mutates: true,
  },
} as const;

export type AgentToolName = keyof typeof AGENT_TOOLS;
export type AgentToolInput<N extends AgentToolName> = z.infer<(typeof AGENT_TOOLS)[N]["input"]>;
export const AGENT_TOOL_NAMES = Object.keys(AGENT_TOOLS) as AgentToolName[];

/** The default team: role → display name and the tools it may use. */
export const DEFAULT_ROLES = ["planner", "frontend", "backend", "qa", "devops", "researcher"] as const;
export type AgentRole = (typeof DEFAULT_ROLES)[number];
