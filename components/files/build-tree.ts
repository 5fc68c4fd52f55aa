export type TreeFile = { kind: "file"; name: string; path: string; bytes: number };
export type TreeFolder = { kind: "folder"; name: string; path: string; children: TreeNode[] };
export type TreeNode = TreeFile | TreeFolder;

/** Flat workspace paths as a tree: folders first, then files, each alphabetical. */
export function buildTree(files: { path: string; bytes: number }[]): TreeNode[] {
  const root: TreeFolder = { kind: "folder", name: "", path: "", children: [] };
  for (const f of files) {
    const parts = f.path.split("/");
    let folder = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const path = parts.slice(0, i + 1).join("/");
      let next = folder.children.find((c): c is TreeFolder => c.kind === "folder" && c.path === path);
      if (!next) {
        next = { kind: "folder", name: parts[i]!, path, children: [] };
        folder.children.push(next);
      }
      folder = next;
    }
    folder.children.push({ kind: "file", name: parts[parts.length - 1]!, path: f.path, bytes: f.bytes });
  }
  const sort = (nodes: TreeNode[]): TreeNode[] =>
    nodes
      .map((n) => (n.kind === "folder" ? { ...n, children: sort(n.children) } : n))
      .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === "folder" ? -1 : 1));
  return sort(root.children);
}
