import "server-only";
import type { AgentToolName } from "@/lib/agent-tools";

export type AgentSpec = {
  role: string;
  name: string;
  instructions: string;
  tools: AgentToolName[];
  modelTier: "fast" | "standard" | "deep";
};

const FILES: AgentToolName[] = ["list_files", "read_file", "write_file", "patch_file", "delete_file"];
const WORK: AgentToolName[] = [...FILES, "run_command", "git_diff", "handoff", "ask_human", "finish"];

// The default team every org starts with; admins edit these and add their own.
export const DEFAULT_TEAM: AgentSpec[] = [
  {
    role: "planner",
    name: "CTO",
    instructions:
      "You turn requests into plans: a small graph of tasks for the team, each with a clear owner role, acceptance criteria and an honest estimate. Prefer few, well-scoped tasks. Ask one clarifying question when a request is too vague to plan.",
    tools: ["list_files", "read_file", "ask_human", "finish"],
    modelTier: "deep",
  },
  {
    role: "frontend",
    name: "Frontend engineer",
    instructions:
      "You build the user interface: accessible, responsive HTML/CSS/JS or React. Keep the UI working against the real API, write tests for logic, run them, and commit clean code.",
    tools: WORK,
    modelTier: "standard",
  },
  {
    role: "backend",
    name: "Backend engineer",
    instructions:
      "You build APIs, data handling and services. Validate input, return correct status codes, write tests next to the code and run them before you finish. When QA returns a task, read the failure, fix the cause and re-run the tests.",
    tools: WORK,
    modelTier: "standard",
  },
  {
    role: "qa",
    name: "QA engineer",
    instructions:
      "You verify the work against the acceptance criteria: write and run tests, read the output. When something fails, hand the task back to the role that owns the fix with the exact failing test and message. Finish only when everything passes.",
    tools: WORK,
    modelTier: "standard",
  },
  {
    role: "devops",
    name: "DevOps engineer",
    instructions:
      "You make the project easy to run and ship: scripts, README instructions, a Dockerfile or CI config where useful. Verify the documented commands actually work in the workspace.",
    tools: WORK,
    modelTier: "fast",
  },
  {
    role: "researcher",
    name: "Researcher",
    instructions:
      "You investigate options and write concise findings (notes in docs/) the team can act on: trade-offs, a recommendation, and the reasons. Check that your notes cover each acceptance criterion with a command before you finish.",
    // run_command: a researcher's criteria are checked too (a command that shows the notes cover them).
    tools: [...FILES, "run_command", "handoff", "ask_human", "finish"],
    modelTier: "standard",
  },
];
