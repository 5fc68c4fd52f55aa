export type DiffLine = { kind: "add" | "del" | "ctx" | "hunk" | "meta"; text: string; oldNo?: number; newNo?: number };
export type DiffFile = { path: string; oldPath?: string; status: "added" | "deleted" | "modified" | "binary"; additions: number; deletions: number; lines: DiffLine[] };

const unquote = (p: string) => p.replace(/^"|"$/g, "");

/** A `git show --patch` / `git diff` unified diff, split per file with line numbers. */
export function parseDiff(diff: string): DiffFile[] {
  const files: DiffFile[] = [];
  let file: DiffFile | null = null;
  let oldNo = 0;
  let newNo = 0;
  let inHunks = false;
  for (const line of diff.split("\n")) {
    if (line.startsWith("diff --git ")) {
      const m = /^diff --git "?a\/(.+?)"? "?b\/(.+?)"?$/.exec(line);
      file = { path: unquote(m?.[2] ?? line.slice(11)), oldPath: m?.[1], status: "modified", additions: 0, deletions: 0, lines: [] };
      files.push(file);
      inHunks = false;
      continue;
    }
    if (!file) continue;
    if (line.startsWith("@@")) {
      const m = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      oldNo = Number(m?.[1] ?? 0);
      newNo = Number(m?.[2] ?? 0);
      inHunks = true;
      file.lines.push({ kind: "hunk", text: line });
    } else if (!inHunks) {
      // Header lines before the first hunk.
      if (line.startsWith("new file mode")) file.status = "added";
      else if (line.startsWith("deleted file mode")) file.status = "deleted";
      else if (line.startsWith("Binary files")) {
        file.status = "binary";
        file.lines.push({ kind: "meta", text: "Binary file, not shown." });
      }
    } else if (line.startsWith("+")) {
      file.additions++;
      file.lines.push({ kind: "add", text: line.slice(1), newNo: newNo++ });
    } else if (line.startsWith("-")) {
      file.deletions++;
      file.lines.push({ kind: "del", text: line.slice(1), oldNo: oldNo++ });
    } else if (line.startsWith("\\")) {
      file.lines.push({ kind: "meta", text: line.slice(2) });
    } else if (line.startsWith(" ")) {
      file.lines.push({ kind: "ctx", text: line.slice(1), oldNo: oldNo++, newNo: newNo++ });
    }
  }
  return files;
}
