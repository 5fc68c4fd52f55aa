import { formatBytes } from "@/components/files/format-bytes";

type Input = Record<string, unknown>;
const str = (i: Input, k: string) => (typeof i[k] === "string" ? (i[k] as string) : "");
const oneLine = (text: string, max = 90) => {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** The gist of a tool call on one line: `write_file server.js (1.2 KB)`, `run_command node --test`. */
export function toolSummary(tool: string, rawInput: unknown): string {
  const i = (rawInput && typeof rawInput === "object" ? rawInput : {}) as Input;
  switch (tool) {
    case "write_file":
      return `${str(i, "path")} (${formatBytes(new TextEncoder().encode(str(i, "content")).length)})`;
    case "read_file":
    case "delete_file":
    case "patch_file":
      return str(i, "path");
    case "list_files":
      return str(i, "path") || "workspace";
    case "run_command":
      return oneLine(str(i, "command"));
    case "handoff":
      return `${str(i, "kind") === "return" ? "return to" : "ask"} ${str(i, "toRole")}: ${oneLine(str(i, "reason"), 70)}`;
    case "ask_human":
      return oneLine(str(i, "question"));
    case "finish":
      return oneLine(str(i, "summary"));
    default:
      return "";
  }
}

/** What a command's result says about how it ended: "exit 0", "exit 1", "timed out". */
export function commandOutcome(output: string): string | null {
  const exit = /^exit code (-?\d+)$/m.exec(output);
  if (exit) return `exit ${exit[1]}`;
  if (/^timed out after/m.test(output)) return "timed out";
  const killed = /^killed by (\w+)/m.exec(output);
  if (killed) return `killed (${killed[1]})`;
  return null;
}

/** Pretty JSON of a tool's arguments; long file contents are shown as is, below the other fields. */
export function formatArguments(rawInput: unknown): { fields: string; content?: string } {
  if (!rawInput || typeof rawInput !== "object") return { fields: rawInput === undefined ? "" : JSON.stringify(rawInput) };
  const { content, ...rest } = rawInput as Input;
  const fields = Object.keys(rest).length ? JSON.stringify(rest, null, 2) : "";
  return typeof content === "string" ? { fields, content } : { fields: JSON.stringify(rawInput, null, 2) };
}
