import "server-only";
import { commitDiff, history, listFiles, readFile, workspaceRoot } from "@/server/workspace";
import { existsSync } from "node:fs";

// Read-only views of a project's workspace for the files panel. A project without a workspace yet
// (no task has run) simply has no files.

const rootOf = (projectId: string) => {
  const root = workspaceRoot(projectId);
  return existsSync(root) ? root : null;
};

export async function projectFiles(projectId: string) {
  const root = rootOf(projectId);
  return root ? listFiles(root) : [];
}

export async function projectFile(projectId: string, path: string) {
  const root = rootOf(projectId);
  if (!root) return { content: "", truncated: false, bytes: 0 };
  return readFile(root, path);
}

export async function projectHistory(projectId: string) {
  const root = rootOf(projectId);
  return root ? history(root) : [];
}

export async function projectCommitDiff(projectId: string, sha: string) {
  const root = rootOf(projectId);
  return root ? commitDiff(root, sha) : "";
}
