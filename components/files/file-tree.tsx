"use client";

import * as React from "react";
import { ChevronRight, FileCode2, Folder, FolderOpen } from "lucide-react";
import { cn } from "@/lib/utils";
import { buildTree, type TreeNode } from "./build-tree";
import { formatBytes } from "./format-bytes";

/** The workspace's files; folders fold, the selected file is highlighted. */
export function FileTree({
  files,
  selected,
  onSelect,
}: {
  files: { path: string; bytes: number }[];
  selected: string | null;
  onSelect: (path: string) => void;
}) {
  const tree = React.useMemo(() => buildTree(files), [files]);
  const [closed, setClosed] = React.useState<Set<string>>(() => new Set());
  const toggle = (path: string) =>
    setClosed((prev) => {
      const next = new Set(prev);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  const render = (nodes: TreeNode[], depth: number): React.ReactNode =>
    nodes.map((n) => {
      const indent = { paddingLeft: `${depth * 14 + 8}px` };
      if (n.kind === "folder") {
        const open = !closed.has(n.path);
        return (
          <li key={n.path} role="treeitem" aria-expanded={open} aria-selected={false}>
            <button
              type="button"
              onClick={() => toggle(n.path)}
              style={indent}
              className="flex w-full items-center gap-1.5 rounded-md py-1 pr-2 text-left text-sm outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring"
            >
              <ChevronRight className={cn("size-3.5 shrink-0 text-muted-foreground transition-transform", open && "rotate-90")} aria-hidden />
              {open ? <FolderOpen className="size-4 shrink-0 text-info" aria-hidden /> : <Folder className="size-4 shrink-0 text-info" aria-hidden />}
              <span className="truncate">{n.name}</span>
            </button>
            {open && <ul role="group">{render(n.children, depth + 1)}</ul>}
          </li>
        );
      }
      const active = n.path === selected;
      return (
        <li key={n.path} role="treeitem" aria-selected={active}>
          <button
            type="button"
            data-testid="file-item"
            data-path={n.path}
            onClick={() => onSelect(n.path)}
            style={{ paddingLeft: `${depth * 14 + 28}px` }}
            className={cn(
              "flex w-full items-center gap-1.5 rounded-md py-1 pr-2 text-left text-sm outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring",
              active && "bg-primary/10 font-medium text-primary hover:bg-primary/15",
            )}
          >
            <FileCode2 className="size-4 shrink-0 text-muted-foreground" aria-hidden />
            <span className="min-w-0 flex-1 truncate">{n.name}</span>
            <span className="shrink-0 text-[11px] text-muted-foreground tabular-nums">{formatBytes(n.bytes)}</span>
          </button>
        </li>
      );
    });

  return (
    <ul role="tree" aria-label="Workspace files" data-testid="file-tree" className="grid gap-px">
      {render(tree, 0)}
    </ul>
  );
}
