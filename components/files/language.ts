import type { Language } from "prism-react-renderer";

const BY_EXTENSION: Record<string, Language> = {
  js: "javascript",
  cjs: "javascript",
  mjs: "javascript",
  jsx: "jsx",
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  tsx: "tsx",
  json: "json",
  md: "markdown",
  css: "css",
  html: "markup",
  htm: "markup",
  xml: "markup",
  svg: "markup",
  yml: "yaml",
  yaml: "yaml",
  py: "python",
  go: "go",
  rs: "rust",
  sql: "sql",
  graphql: "graphql",
  swift: "swift",
  kt: "kotlin",
  c: "c",
  h: "c",
  cpp: "cpp",
};

/** The highlighter's language for a path, or null for plain text. */
export function languageFor(path: string): Language | null {
  const name = path.split("/").pop() ?? "";
  const ext = name.includes(".") ? name.split(".").pop()!.toLowerCase() : "";
  return BY_EXTENSION[ext] ?? null;
}
