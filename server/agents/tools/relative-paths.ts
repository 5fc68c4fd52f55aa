// Command output names files by the workspace's absolute path (a stack trace, a failing test's file): a
// server path people should not see, and the model does not need. Inside the workspace, paths are relative.

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `text` with every `<root>/x` written as `x` and a bare `<root>` as `.`, for each root given (the path and its real path). */
export function relativeToWorkspace(text: string, roots: string[]): string {
  let out = text;
  for (const root of [...new Set(roots.map((r) => r.replace(/\/+$/, "")).filter((r) => r.length > 1))].sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(`(file://)?${escape(root)}(/|(?![\\w.-]))`, "g"), (_, _file, slash: string) => (slash === "/" ? "" : "."));
  }
  return out;
}
