import "server-only";

// Per-project git workspace: path jail, file operations, sandboxed commands, commits and downloads.
export { workspaceRoot } from "./paths";
export { ensureWorkspace } from "./repository";
export { jailSegments } from "./jail";
export {
  listFiles,
  listFiles as fileTree,
  readFile,
  writeFile,
  patchFile,
  deleteFile,
  MAX_FILE_BYTES,
  MAX_WORKSPACE_BYTES,
  MAX_LIST_ENTRIES,
  type FileInfo,
} from "./files";
export { runCommand, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES, type RunCommandOptions, type CommandResult } from "./run-command";
export { sandboxCapabilities, type SandboxCapabilities } from "./sandbox-capabilities";
export { commitAll, commitPaths, commitDiff, workingDiff, history, type CommitInput, type CommitResult, type HistoryEntry } from "./commits";
export { zipWorkspace, zipWorkspaceStream } from "./zip";
export { openForEdit, saveEdit, blobVersion, MAX_EDIT_BYTES, type EditableFile, type SaveEdit } from "./edit";
