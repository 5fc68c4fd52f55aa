import "server-only";

// Real models name tools loosely: "Write_File", "writeFile", "create_file", "bash". A name that maps to
// exactly one of the agent's tools is used as that tool (and the repair is shown); anything else gets
// an error listing the tools the agent has, so the model can pick one.

/** Other names models use for our tools (compared after normalising case and separators). */
const ALIASES: Record<string, string> = {
  read: "read_file",
  readfile: "read_file",
  cat: "read_file",
  viewfile: "read_file",
  openfile: "read_file",
  getfile: "read_file",
  ls: "list_files",
  list: "list_files",
  listdir: "list_files",
  listdirectory: "list_files",
  readdir: "list_files",
  write: "write_file",
  createfile: "write_file",
  savefile: "write_file",
  writetofile: "write_file",
  edit: "patch_file",
  editfile: "patch_file",
  replaceinfile: "patch_file",
  strreplace: "patch_file",
  applypatch: "patch_file",
  rm: "delete_file",
  remove: "delete_file",
  removefile: "delete_file",
  deletefile: "delete_file",
  bash: "run_command",
  shell: "run_command",
  sh: "run_command",
  exec: "run_command",
  execute: "run_command",
  run: "run_command",
  terminal: "run_command",
  runshell: "run_command",
  executecommand: "run_command",
  runterminalcommand: "run_command",
  diff: "git_diff",
  gitdiff: "git_diff",
  done: "finish",
  complete: "finish",
  completetask: "finish",
  finishtask: "finish",
  submit: "finish",
  taskcomplete: "finish",
  askuser: "ask_human",
  askperson: "ask_human",
  ask: "ask_human",
  handover: "handoff",
  delegate: "handoff",
};

/** "Write_File", "write-file", "writeFile", "WRITE FILE" → "writefile". */
export function normaliseToolName(name: string): string {
  return name
    .trim()
    .replace(/^(functions?|tools?)[.:]/i, "")
    .replace(/[\s_\-.:/]+/g, "")
    .toLowerCase();
}

export type ToolNameResolution =
  | { kind: "exact"; name: string }
  | { kind: "mapped"; name: string; from: string }
  | { kind: "unknown"; from: string; message: string };

/** Maps the name the model used to one of `available`, or explains which tools exist. */
export function resolveToolName(name: string, available: readonly string[]): ToolNameResolution {
  if (available.includes(name)) return { kind: "exact", name };
  const key = normaliseToolName(name);
  const byShape = available.filter((t) => normaliseToolName(t) === key);
  if (byShape.length === 1) return { kind: "mapped", name: byShape[0]!, from: name };
  const alias = ALIASES[key];
  if (byShape.length === 0 && alias && available.includes(alias)) return { kind: "mapped", name: alias, from: name };
  return { kind: "unknown", from: name, message: unknownToolMessage(name, available) };
}

export function unknownToolMessage(name: string, available: readonly string[]): string {
  const shown = name.trim() ? `"${name.trim().slice(0, 80)}"` : "with an empty name";
  return `There is no tool ${shown}. The tools you have are: ${available.join(", ")}. Call one of them by its exact name.`;
}
