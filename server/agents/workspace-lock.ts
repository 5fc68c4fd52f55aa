import "server-only";

// Tasks of one project may run in parallel, but they share one workspace: tool calls and commits
// on a workspace take turns (model calls still overlap). In-process: a project's runs share a worker.
const g = globalThis as { __aiosAgentWorkspaceTurns?: Map<string, Promise<unknown>> };
const locks = (g.__aiosAgentWorkspaceTurns ??= new Map());

export async function withWorkspaceLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  const previous = locks.get(root) ?? Promise.resolve();
  const current = previous.catch(() => {}).then(fn);
  const tail = current.catch(() => {});
  locks.set(root, tail);
  try {
    return await current;
  } finally {
    if (locks.get(root) === tail) locks.delete(root);
  }
}
